//! Reading the tool's own input files (config, suite, scenario, bundle, secret file): regular
//! files only, up to a cap, UTF-8 with an optional byte-order mark.
//!
//! A FIFO with no writer would block forever and `/dev/zero` would fill memory, so anything
//! that is not a regular file is refused before it is opened for reading.

use std::io::{self, Read};
use std::path::Path;

/// The most a configuration, suite or secret file may hold (1 MiB: real ones are a few KiB).
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The most a sandbox scenario file may hold (16 MiB: generated scenarios can be large).
pub const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;

/// The most a support bundle may hold (64 MiB: recorded exchanges of a long conversation).
pub const MAX_BUNDLE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Opening or reading failed.
    Io(io::Error),
    /// A directory, a device, a FIFO or a socket.
    NotRegular,
    /// Larger than the cap (the size read so far, at least cap + 1).
    TooLarge(u64),
    /// Not UTF-8 text.
    NotText,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotRegular => f.write_str(
                "it is not a regular file (a directory, device, pipe or socket); give an ordinary file",
            ),
            ReadError::TooLarge(n) => write!(f, "it holds more than {n} bytes, over the limit"),
            ReadError::NotText => f.write_str("it is not UTF-8 text"),
        }
    }
}

/// Read the text of the regular file `path`, at most `cap` bytes; a leading UTF-8 byte-order
/// mark is dropped.
pub fn read_text(path: &Path, cap: u64) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(cap));
    }
    let text = String::from_utf8(bytes).map_err(|_| ReadError::NotText)?;
    Ok(strip_bom(text))
}

/// Drop a leading UTF-8 byte-order mark (editors on Windows write one).
pub fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_up_to_the_cap_with_a_bom_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.yaml");
        std::fs::write(&path, "\u{feff}a: 1\n").unwrap();
        assert_eq!(read_text(&path, 100).unwrap(), "a: 1\n");
        assert!(matches!(read_text(&path, 3), Err(ReadError::TooLarge(3))));
        assert!(matches!(
            read_text(dir.path(), 100),
            Err(ReadError::NotRegular)
        ));
        std::fs::write(&path, [0xff, 0xfe]).unwrap();
        assert!(matches!(read_text(&path, 100), Err(ReadError::NotText)));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        let err = read_text(Path::new("/dev/zero"), MAX_CONFIG_BYTES).unwrap_err();
        assert!(matches!(err, ReadError::NotRegular), "{err}");
    }
}
