//! A throw-away PostgreSQL cluster for one test: `initdb` in a temporary
//! directory, `postgres` on a free loopback port, stopped and removed on
//! drop (also when the test panics). As root, the cluster runs as `nobody`
//! (initdb refuses root). Under `scripts/test` the directory lies in
//! `ZICHT_TEST_PG_ROOT`, which the script's trap cleans up even if the test
//! process is killed.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

static DATABASES: AtomicU64 = AtomicU64::new(1);

pub struct Cluster {
    pub port: u16,
    dir: PathBuf,
    data: PathBuf,
    /// `runuser -u nobody --` when running as root.
    prefix: Vec<String>,
    pg_ctl: PathBuf,
    running: bool,
}

/// A PostgreSQL program: on PATH, else in Debian's versioned directory.
fn program(name: &str) -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .find(|p| p.is_file());
    if let Some(p) = on_path {
        return p;
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path().join("bin").join(name))
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    versions
        .into_iter()
        .rev()
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("{name} not found: the PostgreSQL tests need Debian's postgresql package (scripts/setup installs it)")
        })
}

fn run(prefix: &[String], program: &Path, args: &[&str], cwd: &Path) -> Result<(), String> {
    let mut cmd = if prefix.is_empty() {
        Command::new(program)
    } else {
        let mut c = Command::new(&prefix[0]);
        c.args(&prefix[1..]).arg(program);
        c
    };
    let out = cmd
        .args(args)
        .current_dir(cwd)
        .output()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} {}: {}\n{}",
            program.display(),
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl Cluster {
    pub fn start() -> Cluster {
        let root = std::env::var_os("ZICHT_TEST_PG_ROOT")
            .map(PathBuf::from)
            .unwrap_or_else(std::env::temp_dir);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = root.join(format!("zicht-pg-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("cluster dir");
        let prefix: Vec<String> = if is_root() {
            let chown = Command::new("chown")
                .args(["nobody:nogroup"])
                .arg(&dir)
                .status()
                .expect("chown runs");
            assert!(chown.success(), "chown {} to nobody", dir.display());
            ["runuser", "-u", "nobody", "--"].map(String::from).to_vec()
        } else {
            Vec::new()
        };
        let data = dir.join("data");
        let initdb = program("initdb");
        let pg_ctl = program("pg_ctl");
        let data_s = data.to_string_lossy().to_string();
        run(
            &prefix,
            &initdb,
            &[
                "-D",
                &data_s,
                "-A",
                "trust",
                "-U",
                "zicht",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            &dir,
        )
        .unwrap_or_else(|e| panic!("initdb failed: {e}"));
        // A free port: bind, read, release (the cluster takes it right after).
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={} -c max_connections=200 -c fsync=off -c synchronous_commit=off",
            dir.display()
        );
        let log = dir.join("postgres.log").to_string_lossy().to_string();
        let mut cluster = Cluster {
            port,
            dir,
            data,
            prefix,
            pg_ctl,
            running: false,
        };
        run(
            &cluster.prefix,
            &cluster.pg_ctl,
            &[
                "-D", &data_s, "-l", &log, "-o", &options, "-w", "-t", "60", "start",
            ],
            &cluster.dir,
        )
        .unwrap_or_else(|e| {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            panic!("pg_ctl start failed: {e}\n{log}")
        });
        cluster.running = true;
        cluster
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://zicht@127.0.0.1:{}/{database}", self.port)
    }

    /// A new, empty database; its URL.
    pub fn fresh_database(&self) -> String {
        let name = format!("t{}", DATABASES.fetch_add(1, Ordering::SeqCst));
        let admin = self.url("postgres");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let (client, connection) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
                .await
                .expect("connect to the test cluster");
            let task = tokio::spawn(connection);
            client
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create database");
            drop(client);
            let _ = task.await;
        });
        self.url(&name)
    }

    /// Runs SQL on a database of the cluster.
    pub fn execute(&self, url: &str, sql: &str) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                .await
                .expect("connect to the test cluster");
            let task = tokio::spawn(connection);
            client.batch_execute(sql).await.expect("sql");
            drop(client);
            let _ = task.await;
        });
    }

    pub fn stop(&mut self) {
        if self.running {
            let data = self.data.to_string_lossy().to_string();
            let _ = run(
                &self.prefix,
                &self.pg_ctl,
                &["-D", &data, "-m", "immediate", "-w", "-t", "30", "stop"],
                &self.dir,
            );
            self.running = false;
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
