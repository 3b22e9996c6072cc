//! Running the `hearth` binary as a user would, for the command-line tests.
#![allow(dead_code, clippy::unwrap_used)] // each test file uses a part of it

use std::process::{Command, Output};

pub fn hearth(args: &[&str]) -> Output {
    // CI hides progress bars, so output is the same on a terminal or not.
    Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(args)
        .env("CI", "1")
        .output()
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}
