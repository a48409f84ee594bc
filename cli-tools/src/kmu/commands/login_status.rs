//! `loginStatus`: who is logged in through this session (docs/kmu.md §2.37).

use super::Spec;
use crate::io::Io;
use crate::kmu::{strings, Kmu};
use crate::repl::Flow;
use hsm_proto::{HsmOp, Response, UserType};

pub(crate) const SPEC: Spec = Spec {
    name: "loginStatus",
    run,
};

fn run(kmu: &mut Kmu, io: &mut Io<'_>, words: &[&str]) -> Flow {
    if !words.is_empty() {
        io.text(
            "\n\tThis command doesn't expect any arguments and allowed only on initialized HSM\n",
        );
        io.text("\nDescription:\n\tloginStatus informs if CU or CO is logged into the initialized HSM through current application.\n");
        return Flow::Continue;
    }
    let node = kmu.node();
    let text = match kmu.op(node, HsmOp::LoginState) {
        Ok(Response::LoginState(None)) => "\n\tNo user has logged-in\n".to_owned(),
        Ok(Response::LoginState(Some(login))) => match login.user_type {
            UserType::Cu => "\n\tCU has logged-in\n".to_owned(),
            UserType::Au => "\n\tAU has logged-in\n".to_owned(),
            UserType::Co | UserType::Pco => "\n\tCO has logged-in\n".to_owned(),
            UserType::Preco => "\n\t Default CO has logged in\n".to_owned(),
        },
        Ok(_) => failure(strings::DAEMON_SOCKET_ERROR),
        Err(code) => failure(code),
    };
    io.text(&text);
    Flow::Continue
}

fn failure(code: u32) -> String {
    format!(
        "\n\tCfm3GetLoginStatus Failure: 0x{code:02x} : {}\n",
        strings::result_text(code)
    )
}
