//! The `cxone-diag` binary: parse, run, exit with the documented code.

fn main() {
    std::process::exit(cxone_diag::app::main());
}
