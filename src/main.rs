use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Minimal `kiosk sync` dispatch until the clap CLI takes it over.
    if args.first().map(String::as_str) == Some("sync") {
        return sync_command(&args[1..]);
    }
    ExitCode::SUCCESS
}

fn sync_command(args: &[String]) -> ExitCode {
    use lobby_kiosk::sync;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .try_init();
    let mut config = std::env::var_os(lobby_kiosk::config::CONFIG_ENV)
        .map_or_else(lobby_kiosk::config::Config::default_path, Into::into);
    let (mut once, mut retry) = (false, false);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--config" => match it.next() {
                Some(p) => config = p.into(),
                None => return usage("--config needs a path"),
            },
            "--once" => once = true,
            "--retry-quarantined" => retry = true,
            other => return usage(&format!("unknown argument {other}")),
        }
    }
    let result = if retry {
        sync::retry_quarantined_cli(&config)
            .map(|n| println!("{n} quarantined event(s) will be offered again"))
    } else if once {
        sync::run_once_cli(&config).map(|r| println!("{r:?}"))
    } else {
        sync::run_forever(&config)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kiosk sync: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!(
        "kiosk sync: {problem}\nusage: kiosk sync [--config PATH] [--once | --retry-quarantined]"
    );
    ExitCode::from(2)
}
