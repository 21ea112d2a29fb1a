use std::process::ExitCode;

use clap::Parser;
use kz_civics::cli::{Cli, Command, run_check, run_optimise};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { paths }) => run_check(&paths, &mut std::io::stdout(), &mut std::io::stderr()),
        Some(Command::Optimise { apply }) => run_optimise(
            kz_civics::app::Config::default_data_dir(),
            apply,
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        ),
        None => match kz_civics::app::run(cli.files) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kz-civics: cannot open a window: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
