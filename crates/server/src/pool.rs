//! A few open stores shared by the request handlers.
//!
//! A `Store` is one SQLite connection, used by one thread at a time. The
//! pool holds a fixed number of them; a request takes one, runs its work on
//! tokio's blocking threads (SQLite calls block) and gives it back. With
//! WAL mode the connections read in parallel while one writes.
//!
//! The store goes back to the pool from the blocking thread itself, not
//! from the request's future: a client that hangs up drops the future while
//! its query still runs, and a store handed back only by the future would
//! then be lost while its permit returned (the pool ended up "empty" after
//! a browser gave up on slow requests).

use crate::error::ApiError;
use placard_store::Store;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The memory map asked of each connection: the whole file, up to SQLite's
/// own ceiling just under 2 GiB (a million events take 1.7 GB).
const WHOLE_FILE: u64 = 2_147_418_112;

/// Open stores and a permit per store.
#[derive(Debug)]
pub struct Pool {
    stores: Arc<Mutex<Vec<Store>>>,
    permits: Arc<Semaphore>,
}

/// A store on loan with the permit that stands for it; dropping the lease
/// returns both, in that order, unless the work panicked.
struct Lease {
    store: Option<Store>,
    stores: Arc<Mutex<Vec<Store>>>,
    permit: Option<OwnedSemaphorePermit>,
}

impl Drop for Lease {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // The work panicked and its store may be half-way through
            // something: the pool goes on one connection short, and keeps
            // one permit fewer so that no request waits for it.
            if let Some(permit) = self.permit.take() {
                permit.forget();
            }
            return;
        }
        if let (Some(store), Ok(mut stores)) = (self.store.take(), self.stores.lock()) {
            stores.push(store);
        }
        // The permit drops after the store is back.
        self.permit.take();
    }
}

impl Pool {
    /// Opens `size` connections to the database at `path`.
    pub fn open(path: &Path, size: usize) -> Result<Pool, placard_store::StoreError> {
        let size = size.max(1);
        let stores = (0..size)
            .map(|_| {
                let store = Store::open(path)?;
                store.set_memory_map(WHOLE_FILE)?;
                Ok(store)
            })
            .collect::<Result<Vec<_>, placard_store::StoreError>>()?;
        // Planner statistics, once, before the first query.
        stores[0].optimize()?;
        Ok(Pool {
            stores: Arc::new(Mutex::new(stores)),
            permits: Arc::new(Semaphore::new(size)),
        })
    }

    /// Runs `work` with a store of the pool on a blocking thread.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> T + Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(ApiError::internal)?;
        // A permit guarantees a store is there.
        let store = self
            .stores
            .lock()
            .map_err(|_| ApiError::internal("store pool poisoned"))?
            .pop()
            .ok_or_else(|| ApiError::internal("store pool empty"))?;
        let mut lease = Lease {
            store: Some(store),
            stores: Arc::clone(&self.stores),
            permit: Some(permit),
        };
        tokio::task::spawn_blocking(move || {
            let store = lease.store.as_mut().expect("a lease holds its store");
            work(store)
        })
        .await
        .map_err(ApiError::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A request dropped while its query runs (the client hung up) must not
    /// cost the pool its store.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_cancelled_request_gives_its_store_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pool.db");
        drop(Store::open(&path).unwrap());
        let pool = Arc::new(Pool::open(&path, 1).unwrap());
        for _ in 0..3 {
            let slow = pool.run(|_| std::thread::sleep(Duration::from_millis(50)));
            // Give up on it before the work ends.
            let gave_up = tokio::time::timeout(Duration::from_millis(5), slow).await;
            assert!(gave_up.is_err());
        }
        let answer = tokio::time::timeout(Duration::from_secs(5), pool.run(|_| 42))
            .await
            .expect("the store came back");
        assert_eq!(answer.unwrap(), 42);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_request_leaves_the_rest_of_the_pool_working() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pool.db");
        drop(Store::open(&path).unwrap());
        let pool = Pool::open(&path, 2).unwrap();
        let failed = pool.run(|_| -> i32 { panic!("work failed") }).await;
        assert!(failed.is_err());
        assert_eq!(pool.run(|_| 7).await.unwrap(), 7);
        assert_eq!(pool.run(|_| 8).await.unwrap(), 8);
    }
}
