//! `hitstaff user add`: accounts from the command line, including the very first administrator.

use super::{migrate_reporting, with_store};
use crate::settings::Settings;
use anyhow::{Context, bail};
use hitstaff_app::admin::{self, AddUser};
use hitstaff_app::secrets;
use hitstaff_domain::{ClientId, Email, NewOrganization, OrgId, PersonName, Role};
use hitstaff_store::Store;
use std::io::Read;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a user. On a new installation (no organisation yet) this also creates the organisation
    /// (give --org and --org-name) and the user must be its first administrator.
    Add(AddArgs),
    /// List the users of an organisation.
    List(OrgArg),
}

#[derive(Debug, clap::Args)]
pub struct OrgArg {
    /// The organisation's short name (needed when the installation has more than one).
    #[arg(long)]
    pub org: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Email address; it is also the sign-in name.
    #[arg(long)]
    pub email: String,
    /// Full name, as colleagues know them.
    #[arg(long)]
    pub name: String,
    /// admin, recruiter, account_manager, compliance_officer, hiring_manager or auditor.
    #[arg(long)]
    pub role: String,
    /// For hiring managers: the client they see, by id or exact name.
    #[arg(long)]
    pub client: Option<String>,
    #[command(flatten)]
    pub org: OrgArg,
    /// On a new installation: the organisation's full name.
    #[arg(long)]
    pub org_name: Option<String>,
    /// Read the password from standard input instead of generating one.
    #[arg(long)]
    pub password_stdin: bool,
}

pub async fn run(settings: &Settings, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Add(args) => with_store!(&settings.database_url, |store| add(store, args)),
        Command::List(args) => with_store!(&settings.database_url, |store| list(store, args)),
    }
}

/// The organisation named by --org, or the only one there is.
pub(crate) async fn pick_org<S: Store>(store: &S, slug: Option<&str>) -> anyhow::Result<Option<OrgId>> {
    let orgs = store.list_organizations().await?;
    match (slug, orgs.as_slice()) {
        (_, []) => Ok(None),
        (None, [only]) => Ok(Some(only.id)),
        (None, _) => bail!(
            "there are {} organisations; say which with --org (their short names: {})",
            orgs.len(),
            orgs.iter()
                .map(|o| o.slug.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (Some(slug), _) => orgs
            .iter()
            .find(|o| o.slug == slug)
            .map(|o| Some(o.id))
            .with_context(|| {
                format!(
                    "there is no organisation {slug:?}; the short names are: {}",
                    orgs.iter()
                        .map(|o| o.slug.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
    }
}

#[allow(clippy::print_stdout, reason = "the command reports to the person running it")]
async fn add<S: Store>(store: S, args: AddArgs) -> anyhow::Result<()> {
    migrate_reporting(&store).await?;
    let email = Email::parse(&args.email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
    let name = PersonName::parse(&args.name).map_err(|e| anyhow::anyhow!("--name: {e}"))?;
    let role = Role::parse(&args.role).map_err(|e| anyhow::anyhow!("--role: {e}"))?;
    let password = if args.password_stdin {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the password from standard input")?;
        let password = text.trim_end_matches(['\r', '\n']).to_string();
        // Checked before anything is written (a new installation's organisation included).
        secrets::check_password(&password, &[email.as_str(), name.as_str()])
            .map_err(|e| anyhow::anyhow!("password: {e}"))?;
        Some(password)
    } else {
        None
    };

    let (org, created_org) = match pick_org(&store, args.org.org.as_deref()).await? {
        Some(org) => (org, None),
        None => {
            // First run: the organisation and its first administrator.
            let (Some(slug), Some(org_name)) = (args.org.org.as_deref(), args.org_name.as_deref()) else {
                bail!(
                    "this is a new installation: name the organisation with --org SHORT-NAME and --org-name \"Full Name\""
                );
            };
            if role != Role::Admin {
                bail!(
                    "the first user of a new organisation must be an administrator (--role admin), who can then add the others"
                );
            }
            let new = NewOrganization::parse(org_name, slug).map_err(|e| anyhow::anyhow!("{e}"))?;
            let org = store.create_organization(&new).await?;
            (org.id, Some(org.name))
        }
    };
    let client = match (&args.client, role.is_client_scoped()) {
        (None, true) => {
            bail!("a hiring manager sees one client: name it with --client (its id or exact name)")
        }
        (Some(_), false) => bail!("--client is only for hiring managers"),
        (None, false) => None,
        (Some(wanted), true) => Some(find_client(&store, org, wanted).await?),
    };
    let add = AddUser {
        email,
        name,
        role,
        client_id: client,
    };
    let (created, drawn) = admin::add_user_as_operator(&store, org, add, password)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if let Some(org_name) = created_org {
        println!("Created the organisation {org_name}.");
    }
    println!(
        "Added {} ({}) as {}.",
        created.name,
        created.email,
        created.role.label().to_lowercase()
    );
    if let Some(password) = drawn {
        println!(
            "Password: {password}\nIt is shown only now: pass it on securely; it can be changed after signing in."
        );
    }
    Ok(())
}

async fn find_client<S: Store>(store: &S, org: OrgId, wanted: &str) -> anyhow::Result<ClientId> {
    if let Ok(id) = ClientId::parse(wanted) {
        return Ok(store
            .get_client(org, id)
            .await
            .map_err(|_| anyhow::anyhow!("--client: there is no client with id {id}"))?
            .id);
    }
    let clients = store.list_clients(org).await?;
    clients
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(wanted.trim()))
        .map(|c| c.id)
        .with_context(|| format!("--client: no client is named {wanted:?}; create it first, or give its id"))
}

#[allow(clippy::print_stdout, reason = "the listing is the command's output")]
async fn list<S: Store>(store: S, args: OrgArg) -> anyhow::Result<()> {
    let org = pick_org(&store, args.org.as_deref())
        .await?
        .context("there are no organisations yet; start with `hitstaff user add`")?;
    for u in store.list_users(org).await? {
        println!(
            "{:<32} {:<28} {:<20} {}",
            u.email,
            u.name,
            u.role.code(),
            if u.active { "active" } else { "deactivated" }
        );
    }
    Ok(())
}
