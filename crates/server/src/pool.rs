//! A few open stores shared by the request handlers.
//!
//! A `Store` is one SQLite connection, used by one thread at a time. The
//! pool holds a fixed number of them; a request takes one, runs its work on
//! tokio's blocking threads (SQLite calls block) and gives it back. With
//! WAL mode the connections read in parallel while one writes.

use crate::error::ApiError;
use placard_store::Store;
use std::path::Path;
use std::sync::Mutex;
use tokio::sync::Semaphore;

/// Open stores and a permit per store.
#[derive(Debug)]
pub struct Pool {
    stores: Mutex<Vec<Store>>,
    permits: Semaphore,
}

impl Pool {
    /// Opens `size` connections to the database at `path`.
    pub fn open(path: &Path, size: usize) -> Result<Pool, placard_store::StoreError> {
        let size = size.max(1);
        let stores = (0..size)
            .map(|_| Store::open(path))
            .collect::<Result<Vec<_>, _>>()?;
        // Planner statistics, once, before the first query.
        stores[0].optimize()?;
        Ok(Pool {
            stores: Mutex::new(stores),
            permits: Semaphore::new(size),
        })
    }

    /// Runs `work` with a store of the pool on a blocking thread.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> T + Send + 'static,
    {
        let permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        // A permit guarantees a store is there.
        let mut store = self
            .stores
            .lock()
            .map_err(|_| ApiError::internal("store pool poisoned"))?
            .pop()
            .ok_or_else(|| ApiError::internal("store pool empty"))?;
        let joined = tokio::task::spawn_blocking(move || {
            let result = work(&mut store);
            (store, result)
        })
        .await;
        let (store, result) = match joined {
            Ok(pair) => pair,
            // The work panicked and took its store with it: the pool is one
            // connection short, and keeps one permit fewer.
            Err(error) => {
                permit.forget();
                return Err(ApiError::internal(error));
            }
        };
        self.stores
            .lock()
            .map_err(|_| ApiError::internal("store pool poisoned"))?
            .push(store);
        drop(permit);
        Ok(result)
    }
}
