use std::process::ExitCode;

use clap::Parser;
use kz_civics::cli::{Cli, Command, run_check, run_export, run_import};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { paths }) => run_check(&paths, &mut std::io::stdout(), &mut std::io::stderr()),
        Some(Command::Import { file, format, output }) => {
            run_import(&file, format, output.as_deref(), &mut std::io::stdout(), &mut std::io::stderr())
        }
        Some(Command::Export { deck, output }) => {
            run_export(&deck, output.as_deref(), &mut std::io::stdout(), &mut std::io::stderr())
        }
        None => match kz_civics::app::run(cli.files) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kz-civics: cannot open a window: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
