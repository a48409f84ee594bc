//! Valid requests of every variant the daemon reads: the seeds of the structure-aware
//! mutations. A new `Request`, `HsmOp` or `KeyRequest` variant belongs here too.

use hsm_proto::keys::{
    AttrValue, KeyFilter, KeyRequest, KeySpec, KeyTemplate, UnwrapSpec, WrapParams,
};
use hsm_proto::{
    HsmId, HsmOp, KeyHandle, Request, Secret, SecretBytes, UserId, UserType, PROTOCOL_MAJOR,
    PROTOCOL_MINOR,
};

/// The postcard bodies of one request of each variant, addressed to `hsm`.
pub(crate) fn bodies(hsm: &HsmId) -> Vec<Vec<u8>> {
    let mut requests = vec![
        Request::Hello {
            client: "abuse".to_owned(),
            major: PROTOCOL_MAJOR,
            minor: PROTOCOL_MINOR,
        },
        Request::ListClusters,
    ];
    let ops = user_ops()
        .into_iter()
        .chain(key_requests().into_iter().map(HsmOp::Key));
    requests.extend(ops.map(|op| Request::Hsm {
        hsm_id: hsm.clone(),
        op,
    }));
    requests
        .iter()
        .filter_map(|r| postcard::to_stdvec(r).ok())
        .collect()
}

fn user_ops() -> Vec<HsmOp> {
    let (name, password) = ("admin".to_owned(), Secret::new("password"));
    vec![
        HsmOp::Login {
            user_type: UserType::Preco,
            name: name.clone(),
            password: password.clone(),
        },
        HsmOp::Logout,
        HsmOp::ChangePassword {
            user_type: UserType::Co,
            name: name.clone(),
            password: password.clone(),
        },
        HsmOp::CreateUser {
            user_type: UserType::Cu,
            name: "fuzzcu".to_owned(),
            password,
        },
        HsmOp::DeleteUser {
            user_type: UserType::Cu,
            name: name.clone(),
        },
        HsmOp::RestoreDeletedUser { name },
        HsmOp::ListUsers,
        HsmOp::LoginState,
        HsmOp::HsmInfo,
    ]
}

fn key_requests() -> Vec<KeyRequest> {
    let (h, w) = (KeyHandle(6), KeyHandle(7));
    let template = KeyTemplate {
        label: "fuzz".to_owned(),
        min_servers: 1,
        ..KeyTemplate::default()
    };
    let bytes = || SecretBytes::new(vec![1, 2, 3, 4]);
    vec![
        KeyRequest::GenerateKey {
            spec: KeySpec::Symmetric {
                key_type: 31,
                size: 16,
            },
            template: template.clone(),
        },
        KeyRequest::GenerateKey {
            spec: KeySpec::Ec { curve_id: 2 },
            template: template.clone(),
        },
        KeyRequest::FindKeys(KeyFilter::default()),
        KeyRequest::FindSingleKey { handle: h },
        KeyRequest::DeleteKey { handle: h },
        KeyRequest::GetAttributes { handle: h },
        KeyRequest::SetAttribute {
            handle: h,
            attribute: 3,
            value: AttrValue::Text("x".to_owned()),
        },
        KeyRequest::GetKeyInfo { handle: h },
        KeyRequest::ShareKey {
            handle: h,
            users: vec![UserId(3)],
            share: true,
        },
        KeyRequest::ExportPublicKey { handle: h },
        KeyRequest::ExportPrivateKey {
            handle: h,
            wrapping: w,
            host_key: None,
        },
        KeyRequest::ExportSymKey {
            handle: h,
            wrapping: w,
            host_key: Some(bytes()),
        },
        KeyRequest::ImportPublicKey {
            pem: "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n".to_owned(),
            template: template.clone(),
        },
        KeyRequest::ImportPrivateKey {
            pem: bytes(),
            wrapping: w,
            host_key: None,
            template: template.clone(),
        },
        KeyRequest::ImportSymKey {
            material: bytes(),
            key_type: 31,
            wrapping: w,
            host_key: None,
            template: template.clone(),
        },
        KeyRequest::WrapKey {
            handle: h,
            wrapping: w,
            params: WrapParams::default(),
        },
        KeyRequest::UnwrapKey {
            blob: vec![0; 24],
            wrapping: w,
            params: WrapParams::default(),
            no_header: Some(UnwrapSpec {
                class: 4,
                key_type: 31,
            }),
            template,
        },
        KeyRequest::Sign {
            handle: h,
            mechanism: 1,
            data: vec![0; 8],
        },
        KeyRequest::Verify {
            handle: h,
            mechanism: 1,
            data: vec![0; 8],
            signature: vec![0; 8],
        },
        KeyRequest::AesWrapUnwrap {
            handle: h,
            wrap: true,
            data: bytes(),
            iv: None,
        },
        KeyRequest::ExtractMaskedObject { handle: h },
        KeyRequest::InsertMaskedObject {
            blob: vec![0; 16],
            min_servers: 1,
        },
        KeyRequest::FakePem { handle: h },
        KeyRequest::FindAllKeys {
            user_id: UserId(3),
            hash: true,
        },
    ]
}
