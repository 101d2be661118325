//! Discovery, the token endpoint and the bearer check.

use crate::support::{ACD, Api, claims, client, json, password_token};
use cxone_diag::sandbox::Sandbox;
use serde_json::Value;

#[test]
fn openid_configuration_points_at_the_token_endpoint() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let (status, body) = json(
        client()
            .get(format!(
                "{}/.well-known/openid-configuration",
                sb.base_url()
            ))
            .send()
            .unwrap(),
    );
    assert_eq!(status, 200);
    assert_eq!(body["issuer"], sb.base_url());
    assert_eq!(
        body["token_endpoint"],
        format!("{}/auth/token", sb.base_url())
    );
    assert!(
        body["token_endpoint_auth_methods_supported"]
            .as_array()
            .unwrap()
            .contains(&Value::from("client_secret_basic"))
    );
}

#[test]
fn password_grant_returns_tokens_and_an_id_token_with_tenant_claims() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let (status, body) = json(password_token(&sb, &client()));
    assert_eq!(status, 200);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert!(
        body["refresh_token"]
            .as_str()
            .unwrap()
            .starts_with("sbx_rt_")
    );
    let c = claims(body["id_token"].as_str().unwrap());
    assert_eq!(c["iss"], sb.base_url());
    assert_eq!(c["tenantId"], sb.tenant_id());
    assert_eq!(c["icBUId"], 4600123);
    assert_eq!(c["icClusterId"], "C32");
    assert_eq!(c["area"], "na1");
    assert!(c["sub"].as_str().unwrap().starts_with("user:"));
    assert_eq!(
        c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(),
        3600
    );
}

#[test]
fn cxone_configuration_resolves_the_api_host() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let http = client();
    let url = |q: &str| format!("{}/.well-known/cxone-configuration{q}", sb.base_url());
    let (status, body) = json(
        http.get(url(&format!("?tenantId={}", sb.tenant_id())))
            .send()
            .unwrap(),
    );
    assert_eq!(status, 200);
    assert_eq!(body["api_endpoint"], sb.base_url());
    assert_eq!(body["area"], "na1");
    assert_eq!(body["domain"], "niceincontact.com");
    assert_eq!(json(http.get(url("")).send().unwrap()).0, 400);
    assert_eq!(json(http.get(url("?tenantId=nope")).send().unwrap()).0, 404);
}

#[test]
fn wrong_client_is_401_invalid_client_and_wrong_key_is_400_invalid_grant() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let http = client();
    let c = sb.credentials();
    let token = format!("{}/auth/token", sb.base_url());
    let (status, body) = json(
        http.post(&token)
            .basic_auth(&c.client_id, Some("wrong"))
            .form(&[
                ("grant_type", "password"),
                ("username", &c.access_key_id),
                ("password", &c.access_key_secret),
            ])
            .send()
            .unwrap(),
    );
    assert_eq!(status, 401);
    assert_eq!(body["error"], "invalid_client");
    assert!(body["error_description"].is_string());
    let (status, body) = json(
        http.post(&token)
            .basic_auth(&c.client_id, Some(&c.client_secret))
            .form(&[
                ("grant_type", "password"),
                ("username", &c.access_key_id),
                ("password", "wrong"),
            ])
            .send()
            .unwrap(),
    );
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
}

#[test]
fn client_secret_post_and_client_credentials_are_accepted() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let c = sb.credentials();
    let (status, body) = json(
        client()
            .post(format!("{}/auth/token", sb.base_url()))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", &c.client_id),
                ("client_secret", &c.client_secret),
            ])
            .send()
            .unwrap(),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body["access_token"].is_string());
    assert!(body.get("refresh_token").is_none());
}

#[test]
fn a_scenario_can_refuse_client_credentials_like_cxone() {
    let sb = Sandbox::from_yaml("auth: {grants: [password, refresh_token]}", "t.yaml", 0).unwrap();
    let c = sb.credentials();
    let (status, body) = json(
        client()
            .post(format!("{}/auth/token", sb.base_url()))
            .basic_auth(&c.client_id, Some(&c.client_secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .unwrap(),
    );
    assert_eq!(status, 400);
    assert_eq!(body["error"], "unsupported_grant_type");
}

#[test]
fn refresh_token_grant_rotates_the_refresh_token() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let http = client();
    let (_, first) = json(password_token(&sb, &http));
    let refresh = first["refresh_token"].as_str().unwrap().to_string();
    let c = sb.credentials();
    let send = |rt: &str| {
        json(
            http.post(format!("{}/auth/token", sb.base_url()))
                .basic_auth(&c.client_id, Some(&c.client_secret))
                .form(&[("grant_type", "refresh_token"), ("refresh_token", rt)])
                .send()
                .unwrap(),
        )
    };
    let (status, second) = send(&refresh);
    assert_eq!(status, 200, "{second}");
    let new_access = second["access_token"].as_str().unwrap();
    assert_ne!(new_access, first["access_token"].as_str().unwrap());
    let r = http
        .get(format!("{}{ACD}/skills/4201", sb.base_url()))
        .bearer_auth(new_access)
        .header("Accept", "application/json")
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let (status, body) = send(&refresh);
    assert_eq!(status, 400, "a used refresh token is refused");
    assert_eq!(body["error"], "invalid_grant");
}

#[test]
fn api_calls_need_a_valid_unexpired_bearer_token() {
    let api = Api::demo();
    let url = api.url("/skills/4201");
    let anon = api
        .http
        .get(&url)
        .header("Accept", "application/json")
        .send()
        .unwrap();
    assert_eq!(anon.status().as_u16(), 401);
    assert!(anon.headers().get("www-authenticate").is_some());
    let bogus = api
        .http
        .get(&url)
        .bearer_auth("sbx_at_bogus")
        .header("Accept", "application/json")
        .send()
        .unwrap();
    assert_eq!(bogus.status().as_u16(), 401);
    assert_eq!(api.get("/skills/4201").0, 200);
    api.sb.expire_tokens();
    let (status, body) = api.get("/skills/4201");
    assert_eq!(status, 401);
    assert_eq!(body["error"], "invalid_token");
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("expired")
    );
}

#[test]
fn tokens_expire_after_the_scenario_lifetime() {
    let api = Api::yaml("auth: {token_lifetime_s: 1}\nskills: [{id: 1, name: One}]");
    assert_eq!(api.get("/skills/1").0, 200);
    api.sb
        .clock()
        .advance(std::time::Duration::from_millis(1100));
    assert_eq!(api.get("/skills/1").0, 401);
}

#[test]
fn without_accept_json_the_answer_is_no_known_way_to_render_data() {
    let api = Api::demo();
    let r = api
        .http
        .get(api.url("/skills/4201"))
        .bearer_auth(&api.token)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 406);
    assert!(r.text().unwrap().contains("No known way to render data"));
}

#[test]
fn any_api_version_and_prefix_case_are_served() {
    let api = Api::demo();
    for prefix in [
        "/inContactAPI/services/v30.0",
        "/incontactapi/services/v23.0",
        "/InContactAPI/services/V34.0",
    ] {
        let (status, body) = api.get(&format!("{prefix}/skills/4201"));
        assert_eq!(status, 200, "{prefix}");
        assert_eq!(body["skillId"], 4201);
    }
}

#[test]
fn unknown_routes_are_404_and_wrong_methods_405() {
    let api = Api::demo();
    let (status, body) = api.get("/api/v2/routing/queues/4201");
    assert_eq!(status, 404);
    assert!(
        body["errorDescription"]
            .as_str()
            .unwrap()
            .contains("/api/v2/routing/queues/4201")
    );
    let (status, _) = api.get("/interactions/5823201/signal");
    assert_eq!(status, 405);
    let (status, body) = api.get("/apiversion?searchUriText=signal");
    assert_eq!(status, 200);
    assert_eq!(
        body["apiInfo"][0]["uri"],
        "/interactions/{contactId}/signal"
    );
}

#[test]
fn jwks_is_served_empty_because_id_tokens_are_unsigned() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let (status, body) = json(
        client()
            .get(format!("{}/.well-known/jwks", sb.base_url()))
            .send()
            .unwrap(),
    );
    assert_eq!(status, 200);
    assert_eq!(body["keys"], serde_json::json!([]));
    let (_, token) = json(password_token(&sb, &client()));
    let header = token["id_token"]
        .as_str()
        .unwrap()
        .split('.')
        .next()
        .unwrap()
        .to_string();
    let header: Value = serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, header).unwrap(),
    )
    .unwrap();
    assert_eq!(header["alg"], "none");
}
