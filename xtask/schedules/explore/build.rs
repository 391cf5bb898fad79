//! Puts the program to explore where `src/main.rs` includes it.
//!
//! The runner names the generated program in `WORKBOOK_SCHEDULES_PROGRAM`.
//! Without it (a workspace-wide `cargo check`, an editor) the binary is a
//! stub that says how it is meant to be built, so the workspace still builds.

use std::path::PathBuf;

const STUB: &str = r#"fn main() -> std::process::ExitCode {
    eprintln!("explore: this binary is built by `cargo xtask explore <kata>`, which names the program to explore");
    std::process::ExitCode::from(2)
}
"#;

fn main() {
    println!("cargo::rerun-if-env-changed=WORKBOOK_SCHEDULES_PROGRAM");
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("program.rs");
    let program = match std::env::var_os("WORKBOOK_SCHEDULES_PROGRAM") {
        Some(path) => {
            println!("cargo::rerun-if-changed={}", PathBuf::from(&path).display());
            std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!(
                    "cannot read WORKBOOK_SCHEDULES_PROGRAM `{}`: {e}",
                    PathBuf::from(&path).display()
                )
            })
        }
        None => STUB.to_string(),
    };
    // Written only when it changed, so an unchanged program is not rebuilt.
    if std::fs::read_to_string(&out).ok().as_deref() != Some(program.as_str()) {
        std::fs::write(&out, program).expect("OUT_DIR is writable");
    }
}
