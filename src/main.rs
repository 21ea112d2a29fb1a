use std::process::ExitCode;

use kz_civics::cli::{Command, exam_launch, parse, run_check, run_export, run_import, run_optimise, run_report};
use kz_civics::model::Library;

fn main() -> ExitCode {
    let cli = match parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err((0, text)) => {
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        Err((code, line)) => {
            eprintln!("{line}");
            return ExitCode::from(code as u8);
        }
    };
    match cli.command {
        Some(Command::Check { paths }) => run_check(&paths, &mut std::io::stdout(), &mut std::io::stderr()),
        Some(Command::Import { file, format, output }) => {
            run_import(&file, format, output.as_deref(), &mut std::io::stdout(), &mut std::io::stderr())
        }
        Some(Command::Export { deck, output }) => {
            run_export(&deck, output.as_deref(), &mut std::io::stdout(), &mut std::io::stderr())
        }
        Some(Command::Optimise { apply }) => run_optimise(
            kz_civics::app::Config::default_data_dir(),
            apply,
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        ),
        Some(Command::Report { paths, out }) => {
            run_report(&paths, out.as_deref(), &mut std::io::stdout(), &mut std::io::stderr())
        }
        Some(Command::Exam(args)) => {
            let library = match Library::bundled() {
                Ok(lib) => lib,
                Err(problems) => {
                    for p in problems {
                        eprintln!("{p}");
                    }
                    return ExitCode::FAILURE;
                }
            };
            match exam_launch(&args, &library) {
                Ok(launch) => open_window(Vec::new(), Some(launch)),
                Err(line) => {
                    eprintln!("{line}");
                    ExitCode::from(2)
                }
            }
        }
        None => open_window(cli.files, None),
    }
}

fn open_window(files: Vec<std::path::PathBuf>, exam: Option<kz_civics::app::ExamLaunch>) -> ExitCode {
    match kz_civics::app::run(files, exam) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kz-civics: cannot open a window: {e}");
            ExitCode::FAILURE
        }
    }
}
