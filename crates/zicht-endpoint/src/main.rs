use std::process::ExitCode;
use zicht_endpoint::{log, parse_args, run_export, serve_with_grace, store, AppState, Command};

fn main() -> ExitCode {
    let command = match parse_args(std::env::args_os().skip(1)) {
        Ok(c) => c,
        // Prints help or version (exit 0) or the error with usage (exit 2).
        Err(e) => e.exit(),
    };
    let result = match command {
        Command::Export(args) => run_export(&args),
        Command::Keygen { out } => zicht_endpoint::run_keygen(&out).map(|text| print!("{text}")),
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

/// Resolves on SIGTERM (service managers, container stops) or Ctrl-C.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn run_server(args: zicht_endpoint::ServeArgs) -> Result<(), String> {
    log::init(args.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start runtime: {e}"))?;
    runtime.block_on(async move {
        let storage = store::open_with(&args.target, args.pool_size).await?;
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        // The text form of this line is what scripts wait for.
        log::info(
            &format!("zicht-endpoint listening on http://{addr}"),
            &[
                ("database", args.target.describe().into()),
                ("tokens", args.config.tokens.len().into()),
                ("readers", args.config.readers.len().into()),
                ("allowed_origins", args.config.allowed_origins.len().into()),
                ("faults", args.faults.is_some().into()),
            ],
        );
        if args.config.tokens.is_empty() {
            log::warn(
                "no tokens configured; anyone who can reach this address can post",
                &[],
            );
        }
        if args.faults.is_some() {
            log::warn("FAULT INJECTION ON: for chaos tests only", &[]);
        }
        let state = AppState::new(storage, args.config, args.faults);
        let shutdown = async {
            stop_signal().await;
            log::info("shutting down", &[]);
        };
        serve_with_grace(listener, state, shutdown, args.shutdown_grace)
            .await
            .map_err(|e| e.to_string())?;
        log::info("stopped", &[]);
        Ok(())
    })
}
