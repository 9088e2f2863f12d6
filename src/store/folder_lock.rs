//! The lock on a store's folder: `disclose.lock`, taken before sled opens the folder. sled 0.34
//! reports its own lock failure as `ErrorKind::Other` with the cause flattened into a message, so
//! only a lock of our own tells "in use by another process" apart from other failures by its
//! error kind.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

use super::{StoreError, StoreResult};

/// The file whose exclusive lock says which process owns the folder.
const LOCK_FILE: &str = "disclose.lock";

/// How often a held lock is asked for, 50 ms apart, before the store is reported in use.
const LOCK_ATTEMPTS: u32 = 10;

pub(super) fn lock(path: &Path) -> StoreResult<File> {
    let open_error = |source: io::Error| StoreError::Open { path: path.to_path_buf(), source: Box::new(source) };
    let file = OpenOptions::new().create(true).truncate(false).write(true).open(path.join(LOCK_FILE));
    let file = file.map_err(open_error)?;
    // A lock just released can stay held for a moment: a child process forked before its holder
    // closed the file keeps it until the child's exec. So a held lock is asked for again, briefly.
    let mut attempts = 0;
    loop {
        match fs2::FileExt::try_lock_exclusive(&file) {
            Ok(()) => return Ok(file),
            // `flock` refuses a held lock with EWOULDBLOCK, also to a second handle in this process.
            Err(source) if source.kind() == io::ErrorKind::WouldBlock => {
                attempts += 1;
                if attempts == LOCK_ATTEMPTS {
                    return Err(StoreError::Locked { path: path.to_path_buf(), source });
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(source) => return Err(open_error(source)),
        }
    }
}
