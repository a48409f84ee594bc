//! `loginHSM -u CU -s <name> { -p <password> | -hpswd }`: logs the crypto user in on every
//! HSM of the cluster (docs/kmu.md §1.3, §2.29).

use super::{require, Spec};
use crate::io::Io;
use crate::kmu::args::{self, Kind, Options};
use crate::kmu::output::{self, Lead};
use crate::kmu::{strings, Kmu};
use crate::limits::MAX_PASSWORD_LEN;
use crate::repl::Flow;
use hsm_proto::keys::NodeStatus;
use hsm_proto::{ErrorCode, HsmOp, Secret, UserType};

pub(crate) const SPEC: Spec = Spec {
    name: "loginHSM",
    run,
};

const OPTIONS: Options = &[
    ("-u", Kind::Value),
    ("-p", Kind::Value),
    ("-s", Kind::Value),
    ("-hpswd", Kind::Flag),
];

/// Upstream's text with AWS's `-hpswd` merged in (docs/kmu.md Appendix A).
const HELP: &str = concat!(
    "\n\nDescription\n===========",
    "\nLogin to the HSM providing the user type and password.\n",
    "\nSyntax: loginHSM -h -u <user type> { -p <password> | -hpswd } -s <username>",
    "\n\n",
    "\nWhere: -h      displays this information",
    "\n       -u      specifies the user type as \"CU\"",
    "\n       -s      specifies the user name",
    "\n       -p      specifies the user password",
    "\n       -hpswd  prompts for the user password without echoing it",
    "\n",
);

/// The `-hpswd` prompt (docs/kmu.md §2.29).
const PASSWORD_PROMPT: &str = "Enter password: ";

/// The types upstream recognises; only CU may use KMU.
const KNOWN_TYPES: [&str; 5] = ["CO", "CU", "AU", "PO", "PRECO"];

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    let args = args::scan(words, OPTIONS);
    let mut help = args.help;
    require(io, &mut help, args.has("-u"), "User type (-u)");
    if !help && !args.has("-p") && !args.has("-hpswd") {
        io.text("\n\tError: Password (-p) is missing.\n");
        help = true;
    }
    let user_type = args.value("-u").unwrap_or_default();
    if !help && !KNOWN_TYPES.contains(&user_type) {
        io.text("\n\tError: Invalid user type specified.\n");
        help = true;
    }
    require(io, &mut help, args.has("-s"), "Username (-s)");
    if args
        .value("-p")
        .is_some_and(|p| p.chars().count() > MAX_PASSWORD_LEN)
    {
        io.text(&strings::too_long("Password (-p)"));
        help = true;
    }
    let (Some(name), false) = (args.value("-s"), help) else {
        io.text(HELP);
        return Flow::Continue;
    };
    let password = match args.value("-p") {
        Some(p) => Secret::new(p),
        None => match io.secret(PASSWORD_PROMPT) {
            Some(p) if p.chars().count() > MAX_PASSWORD_LEN => {
                io.text(&strings::too_long("Password"));
                return Flow::Continue;
            }
            Some(p) => Secret::new(p.as_str()),
            None => return Flow::Continue,
        },
    };
    if user_type != "CU" {
        // docs/kmu.md §1.3: KMU is for crypto users; no HSM is asked.
        let code = ErrorCode::InvalidUserType.value();
        output::ret(
            io,
            kmu.profile(),
            Lead::Blank,
            "Cfm3LoginHSM returned",
            code,
        );
        return Flow::Continue;
    }
    login(kmu, io, name, &password);
    Flow::Continue
}

/// Logs in on every HSM, reports the session node's result and each node's status, and
/// undoes the logins elsewhere when the session node refused.
fn login(kmu: &mut Kmu, io: &mut Io<'_>, name: &str, password: &Secret) {
    let results: Vec<Result<(), u32>> = (0..kmu.hsm_count())
        .map(|index| {
            let op = HsmOp::Login {
                user_type: UserType::Cu,
                name: name.to_owned(),
                password: password.clone(),
            };
            kmu.op(index, op).map(|_| ())
        })
        .collect();
    let session = results[kmu.node()];
    let profile = kmu.profile();
    match (session, strings::login_failure_code(profile)) {
        (Err(code), Some(sdk3)) if code == ErrorCode::LoginFailure.value() => {
            output::ret(io, profile, Lead::Tab, "Cfm3LoginHSM returned", sdk3);
        }
        (Err(code), _) if strings::liquidsecurity(code) => {
            output::ret(io, profile, Lead::Tab, "Cfm3LoginHSM returned", code);
        }
        _ => {
            let code = session.err().unwrap_or(0);
            output::ret(io, profile, Lead::Blank, "Cfm3LoginHSM returned", code);
            output::cluster(io, profile, false, &statuses(&results));
        }
    }
    if session.is_ok() {
        kmu.logged_in = true;
    } else {
        for (index, result) in results.iter().enumerate() {
            if result.is_ok() {
                let _ = kmu.op(index, HsmOp::Logout);
            }
        }
    }
}

/// One status per HSM, from the per-HSM results.
pub(crate) fn statuses(results: &[Result<(), u32>]) -> Vec<NodeStatus> {
    results
        .iter()
        .enumerate()
        .map(|(node, r)| NodeStatus {
            node: u32::try_from(node).unwrap_or(u32::MAX),
            error: r.err().map(ErrorCode::from_value),
        })
        .collect()
}
