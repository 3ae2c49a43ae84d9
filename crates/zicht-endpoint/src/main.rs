use std::process::ExitCode;
use zicht_endpoint::{parse_args, run_export, serve, store, AppState, Command};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse_args(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Help => {
            print!("{}", zicht_endpoint::config::USAGE);
            Ok(())
        }
        Command::Export(args) => run_export(&args),
        Command::Serve(args) => run_server(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zicht-endpoint: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_server(args: zicht_endpoint::ServeArgs) -> Result<(), String> {
    let conn = store::open(&args.db)
        .map_err(|e| format!("cannot open database {}: {e}", args.db.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        eprintln!(
            "zicht-endpoint listening on http://{addr} (db {}, {} token(s), {} allowed origin(s){})",
            args.db.display(),
            args.config.tokens.len(),
            args.config.allowed_origins.len(),
            if args.faults.is_some() { ", FAULT INJECTION ON" } else { "" }
        );
        if args.config.tokens.is_empty() {
            eprintln!("warning: no tokens configured; anyone who can reach this address can post");
        }
        let state = AppState::new(conn, args.config, args.faults);
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("shutting down");
        };
        serve(listener, state, shutdown).await.map_err(|e| e.to_string())
    })
}
