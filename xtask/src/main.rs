//! `cargo xtask <command>`: parse, run, turn the result into an exit code
//! (0 passed, 1 a kata failed, 2 the runner could not do its job).

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use xtask::cli::{Args, Outcome};

fn main() -> ExitCode {
    // `cargo xtask list | head`: end quietly when the reader goes away.
    // Every kata has ended by the time its verdict is printed, so nothing
    // is left running.
    xtask::base::system::end_quietly_on_a_closed_pipe();
    // Each kata runs in its own process group, out of reach of the terminal's
    // Ctrl-C: without this, interrupting the runner would leave a hung kata running.
    xtask::base::execute::install_interrupt_handler();
    // A handout (no solutions) has no use for the maintainers' `dev` tools.
    let mut command = Args::command();
    if xtask::core::workbook::is_handout(&xtask::core::workbook::runner_root()) {
        command = command.mut_subcommand("dev", |dev| dev.hide(true));
    }
    let parsed = command
        .try_get_matches()
        .and_then(|matches| Args::from_arg_matches(&matches));
    let args = match parsed {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match xtask::run(args) {
        Ok(Outcome::Passed) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
