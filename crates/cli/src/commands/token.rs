//! `placard token create`: make an API token for `placard serve`.

use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use placard_store::Role;
use std::io::Write;
use std::path::PathBuf;

/// Flags of `placard token`.
#[derive(Args, Debug)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub command: TokenCommand,
}

/// What to do with tokens.
#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create a token, store its hash and print it (once: it cannot be shown again).
    Create(CreateArgs),
}

/// Flags of `placard token create`.
#[derive(Args, Debug)]
pub struct CreateArgs {
    /// SQLite database file.
    #[arg(long, default_value_os_t = crate::default_db())]
    pub db: PathBuf,
    /// What the token may do.
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// Who holds it (the audit log names them so); default: the role and the time.
    #[arg(long)]
    pub name: Option<String>,
}

/// Roles on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RoleArg {
    /// Review events: accept, reject, edit, merge, split.
    Coder,
    /// A coder who can also create tokens over the API and delete audit entries.
    Admin,
}

/// Runs `placard token`.
pub fn run(args: TokenArgs) -> Result<u8> {
    match args.command {
        TokenCommand::Create(args) => create(args),
    }
}

fn create(args: CreateArgs) -> Result<u8> {
    let role = match args.role {
        RoleArg::Coder => Role::Coder,
        RoleArg::Admin => Role::Admin,
    };
    let now = placard_server::api::now();
    let name = args.name.unwrap_or_else(|| {
        let stamp: String = now.chars().filter(char::is_ascii_digit).collect();
        format!("{}-{stamp}", role.as_str())
    });
    let mut store = super::open_store(&args.db)?;
    let token = placard_server::auth::create_token(&mut store, &name, role, &now)
        .with_context(|| format!("creating a token in {}", args.db.display()))?;
    eprintln!(
        "created {} token {name:?}; it is printed once, keep it safe:",
        role.as_str()
    );
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{token}")?;
    Ok(0)
}
