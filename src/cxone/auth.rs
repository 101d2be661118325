//! Login exactly per docs/cxone-api.md §1.1: OIDC discovery → token → id_token claims →
//! cxone-configuration → API hosts; one token per run, refreshed before expiry and once on a 401.
//!
//! The steps are public so `auth check` can run and report them one by one; every other
//! command just calls an endpoint and [`Client::login`] runs on first use.

use reqwest::Method;
use serde::de::DeserializeOwned;

use super::call::Call;
use super::client::Client;
use super::discovery::{CxoneConfiguration, HostSource, Hosts, OpenIdConfiguration, pick_dfo_base};
use super::error::{ApiError, ErrorKind, Stage, kind_of_status, parse_error_body};
use super::family::ApiFamily;
use super::paths::without_query;
use super::token::{Claims, TokenGrant, TokenSet, parse_token_response, token_request};
use super::token_cache::Login;
use super::transport::{Body, Request, Response};

fn parse_url(text: &str, stage: Stage, method: &str) -> Result<reqwest::Url, ApiError> {
    crate::config::url::check_base_url(text).map_err(|why| {
        let kind = if why.contains("clear text") {
            ErrorKind::Insecure
        } else {
            ErrorKind::Decode
        };
        let text = crate::config::url::shown(text);
        ApiError::new(kind, stage, method, &text).detail(format!("{text} is refused: {why}"))
    })
}

impl Client {
    fn auth_request(
        &self,
        stage: Stage,
        method: Method,
        url: reqwest::Url,
        body: Body,
        authorization: Option<super::secret::Secret>,
    ) -> Result<Response, ApiError> {
        let live = self.live()?;
        let req = Request {
            method,
            url,
            authorization,
            headers: Vec::new(),
            body,
            // Discovery is a GET; a token request may be sent twice without harm.
            resend_safe: true,
            stage,
            family: Some(ApiFamily::Authentication),
        };
        live.transport.send(&req)
    }

    fn auth_error(
        &self,
        stage: Stage,
        method: &str,
        url: &reqwest::Url,
        resp: &Response,
    ) -> ApiError {
        let mut e = ApiError::new(
            kind_of_status(resp.status),
            stage,
            method,
            &without_query(url),
        );
        e.status = Some(resp.status);
        e.attempts = resp.attempts;
        e.elapsed_ms = resp.elapsed_ms;
        e.attempt_log = Box::new(resp.attempt_log.clone());
        e.family = Some(ApiFamily::Authentication);
        let (code, detail) = parse_error_body(&resp.body);
        e.code = code;
        e.detail = detail.map(|d| self.redact(&d));
        e
    }

    fn auth_json<T: DeserializeOwned>(
        &self,
        stage: Stage,
        url: &reqwest::Url,
        resp: &Response,
        what: &str,
    ) -> Result<T, ApiError> {
        if !(200..300).contains(&resp.status) {
            return Err(self.auth_error(stage, "GET", url, resp));
        }
        serde_json::from_str(&resp.body).map_err(|_| {
            let mut e = ApiError::new(ErrorKind::Decode, stage, "GET", &without_query(url));
            e.status = Some(resp.status);
            e.attempts = resp.attempts;
            e.detail(format!(
                "{what} is not the JSON expected: {}",
                super::error::excerpt(&self.redact(&resp.body))
            ))
        })
    }

    /// Step 1: the token endpoint: `token_url` when set, else OIDC discovery on the issuer.
    pub fn discover_token_endpoint(&self) -> Result<Call<String>, ApiError> {
        if let Some(url) = &self.profile.token_url {
            return Ok(Call::local(url.clone()));
        }
        let text = format!("{}/.well-known/openid-configuration", self.profile.issuer);
        let url = parse_url(&text, Stage::Discovery, "GET")?;
        let resp = self.auth_request(
            Stage::Discovery,
            Method::GET,
            url.clone(),
            Body::Empty,
            None,
        )?;
        let doc: OpenIdConfiguration =
            self.auth_json(Stage::Discovery, &url, &resp, "the OIDC discovery document")?;
        let endpoint = doc
            .token_endpoint
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                let mut e = ApiError::new(ErrorKind::Decode, Stage::Discovery, "GET", &text);
                e.status = Some(resp.status);
                e.detail("the discovery document has no token_endpoint")
            })?;
        let found = parse_url(&endpoint, Stage::Discovery, "GET")?;
        if origin(&found) != origin(&url) {
            // the client credentials and the access key secret go to this URL: only the
            // issuer's own origin is trusted with them, unless the profile names token_url
            let mut e = ApiError::new(ErrorKind::Insecure, Stage::Discovery, "GET", &text);
            e.status = Some(resp.status);
            return Err(e.detail(format!(
                "the discovery document names the token endpoint {} on {}, not on the issuer's {}; nothing was sent there. If that endpoint is right, set token_url: {endpoint} in the profile",
                super::paths::without_query(&found),
                origin(&found),
                origin(&url)
            )));
        }
        Ok(Call {
            value: endpoint,
            http_status: resp.status,
            attempts: resp.attempts,
            elapsed_ms: resp.elapsed_ms,
            requests: 1,
            attempt_log: resp.attempt_log.clone(),
        })
    }

    /// Step 2: `POST {token_endpoint}` with the grant; the tokens join the redactor at once.
    pub fn request_token(
        &self,
        token_endpoint: &str,
        grant: &TokenGrant,
    ) -> Result<Call<TokenSet>, ApiError> {
        let live = self.live()?;
        let url = parse_url(token_endpoint, Stage::Token, "POST")?;
        let (form, header) = token_request(grant, &live.credentials, self.profile.auth.client_auth);
        if let Some(h) = &header {
            self.remember(&[h.expose().to_string()]);
        }
        let resp = self.auth_request(
            Stage::Token,
            Method::POST,
            url.clone(),
            Body::Form(form),
            header,
        )?;
        if !(200..300).contains(&resp.status) {
            return Err(self.auth_error(Stage::Token, "POST", &url, &resp));
        }
        let token = parse_token_response(&resp.body, self.now_unix()).map_err(|why| {
            let mut e = ApiError::new(
                ErrorKind::Decode,
                Stage::Token,
                "POST",
                &without_query(&url),
            );
            e.status = Some(resp.status);
            e.attempts = resp.attempts;
            e.detail(why)
        })?;
        self.remember(&token.secret_values());
        Ok(Call {
            value: token,
            http_status: resp.status,
            attempts: resp.attempts,
            elapsed_ms: resp.elapsed_ms,
            requests: 1,
            attempt_log: resp.attempt_log.clone(),
        })
    }

    /// Step 3: the API hosts: `api_base` when set, else cxone-configuration for the token's
    /// `iss` and `tenantId`; the DFO host from `dfo_base`, else `api-de-{area}.{domain}`.
    pub fn resolve_hosts(&self, token: &TokenSet) -> Result<Call<Hosts>, ApiError> {
        let claims = token.claims();
        if let Some(api_base) = &self.profile.api_base {
            let area = claims.as_ref().and_then(|c| c.area.clone());
            return Ok(Call::local(Hosts {
                api_base: api_base.clone(),
                dfo_base: pick_dfo_base(self.profile.dfo_base.as_deref(), area.as_deref(), None),
                area,
                domain: None,
                source: HostSource::Profile,
            }));
        }
        let target = "{iss}/.well-known/cxone-configuration".to_string();
        let no_host = |why: &str| {
            ApiError::new(ErrorKind::Config, Stage::HostDiscovery, "GET", &target)
                .detail(format!("cannot discover the API host: {why}"))
        };
        let claims = match (&token.id_token, claims) {
            (None, _) => {
                return Err(no_host(
                    "the token response has no id_token to read the tenant from",
                ));
            }
            (Some(_), None) => return Err(no_host("the id_token cannot be decoded")),
            (Some(_), Some(c)) => c,
        };
        let tenant = claims
            .tenant_id
            .clone()
            .ok_or_else(|| no_host("the id_token has no tenantId claim"))?;
        let iss = claims
            .iss
            .clone()
            .unwrap_or_else(|| self.profile.issuer.clone());
        let text = format!(
            "{}/.well-known/cxone-configuration",
            iss.trim_end_matches('/')
        );
        let mut url = parse_url(&text, Stage::HostDiscovery, "GET")?;
        url.query_pairs_mut().append_pair("tenantId", &tenant);
        let resp = self.auth_request(
            Stage::HostDiscovery,
            Method::GET,
            url.clone(),
            Body::Empty,
            None,
        )?;
        let conf: CxoneConfiguration = self.auth_json(
            Stage::HostDiscovery,
            &url,
            &resp,
            "the cxone-configuration document",
        )?;
        let api_base = conf
            .api_endpoint
            .clone()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| {
                let mut e = ApiError::new(ErrorKind::Decode, Stage::HostDiscovery, "GET", &text);
                e.status = Some(resp.status);
                e.detail("cxone-configuration has no api_endpoint")
            })?;
        let api_base = api_base.trim_end_matches('/').to_string();
        parse_url(&api_base, Stage::HostDiscovery, "GET")?;
        let area = conf.area.clone().or(claims.area.clone());
        let dfo_base = pick_dfo_base(
            self.profile.dfo_base.as_deref(),
            area.as_deref(),
            conf.domain.as_deref(),
        );
        if let Some(d) = &dfo_base {
            parse_url(d, Stage::HostDiscovery, "GET")?;
        }
        Ok(Call {
            value: Hosts {
                api_base,
                dfo_base,
                area,
                domain: conf.domain,
                source: HostSource::Discovered,
            },
            http_status: resp.status,
            attempts: resp.attempts,
            elapsed_ms: resp.elapsed_ms,
            requests: 1,
            attempt_log: resp.attempt_log.clone(),
        })
    }

    /// The login in the disk cache, if the cache is on and holds one (possibly expired).
    pub fn cached_login(&self) -> Option<Login> {
        let live = self.live().ok()?;
        let mut login = live.cache.as_ref()?.load()?;
        self.remember(&login.token.secret_values());
        // The profile's hosts win over cached ones; discovered ones are kept.
        login.hosts = match (&self.profile.api_base, login.hosts.take()) {
            (Some(_), _) => self.resolve_hosts(&login.token).ok().map(Call::into_value),
            (None, Some(mut h)) if h.source == HostSource::Discovered => {
                if let Some(d) = &self.profile.dfo_base {
                    h.dfo_base = Some(d.clone());
                }
                Some(h)
            }
            (None, _) => None,
        };
        self.tracer.line(&format!(
            "auth: found a cached token ({} s left)",
            login.token.remaining(self.now_unix())
        ));
        Some(login)
    }

    /// Make `login` the run's login and write it to the disk cache (when on).
    pub fn install_login(&self, login: Login) {
        let Ok(live) = self.live() else { return };
        self.remember(&login.token.secret_values());
        if !login.from_cache
            && let Some(cache) = &live.cache
            && let Err(e) = cache.store(&login)
        {
            self.tracer
                .line(&format!("auth: could not write the token cache: {e}"));
        }
        let mut state = live.state.lock().unwrap_or_else(|e| e.into_inner());
        state.cache_checked = true;
        state.generation += 1;
        state.login = Some(login);
    }

    /// The identity of the current login (id_token claims), once logged in.
    pub fn identity(&self) -> Option<Claims> {
        let live = self.live().ok()?;
        let state = live.state.lock().unwrap_or_else(|e| e.into_inner());
        state.login.as_ref().and_then(|l| l.token.claims())
    }

    /// A valid login: the current one, the cached one, a refreshed one or a new one.
    pub fn login(&self) -> Result<Login, ApiError> {
        self.current_login().map(|(l, _)| l)
    }

    pub(super) fn current_login(&self) -> Result<(Login, u64), ApiError> {
        let live = self.live()?;
        let mut state = live.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = self.now_unix();
        if let Some(l) = &state.login
            && !l.token.needs_refresh(now)
            && l.hosts.is_some()
        {
            return Ok((l.clone(), state.generation));
        }
        if state.login.is_none() && !state.cache_checked {
            state.cache_checked = true;
            if let Some(cached) = self.cached_login() {
                state.login = Some(cached);
                state.generation += 1;
            }
        }
        if let Some(l) = state.login.as_mut() {
            if !l.token.needs_refresh(now) {
                if l.hosts.is_none() {
                    l.hosts = Some(self.resolve_hosts(&l.token)?.value);
                }
                return Ok((l.clone(), state.generation));
            }
            self.tracer
                .line("auth: the token is about to expire; refreshing it");
        }
        let stale = state.login.take();
        let fresh = self.fresh_login(stale.as_ref())?;
        if let Some(cache) = &live.cache
            && let Err(e) = cache.store(&fresh)
        {
            self.tracer
                .line(&format!("auth: could not write the token cache: {e}"));
        }
        state.generation += 1;
        state.login = Some(fresh.clone());
        Ok((fresh, state.generation))
    }

    /// After a 401 with the token of `generation`: refresh once (unless another thread did).
    pub(super) fn relogin(&self, generation: u64) -> Result<Login, ApiError> {
        let live = self.live()?;
        let mut state = live.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.generation != generation
            && let Some(l) = &state.login
        {
            return Ok(l.clone());
        }
        if let Some(cache) = &live.cache {
            cache.remove();
        }
        let stale = state.login.take();
        let fresh = self.fresh_login(stale.as_ref())?;
        if let Some(cache) = &live.cache {
            let _ = cache.store(&fresh);
        }
        state.generation += 1;
        state.login = Some(fresh.clone());
        Ok(fresh)
    }

    /// A new token: the refresh_token grant when there is one (falling back to the profile's
    /// grant if it is refused), else the profile's grant; hosts are kept or resolved.
    fn fresh_login(&self, stale: Option<&Login>) -> Result<Login, ApiError> {
        let token_endpoint = match stale {
            Some(l) => l.token_endpoint.clone(),
            None => self.discover_token_endpoint()?.value,
        };
        let initial = TokenGrant::Initial(self.profile.auth.grant);
        let refresh = stale.and_then(|l| l.token.refresh_token.clone());
        let mut token = match refresh {
            Some(rt) => match self.request_token(&token_endpoint, &TokenGrant::Refresh(rt)) {
                Ok(c) => c.value,
                Err(e) => {
                    self.tracer.line(&format!(
                        "auth: refreshing failed ({}); requesting a new token",
                        e.message()
                    ));
                    self.request_token(&token_endpoint, &initial)?.value
                }
            },
            None => self.request_token(&token_endpoint, &initial)?.value,
        };
        if let Some(old) = stale {
            if token.refresh_token.is_none() {
                token.refresh_token = old.token.refresh_token.clone();
            }
            if token.id_token.is_none() {
                token.id_token = old.token.id_token.clone();
            }
        }
        let hosts = match stale.and_then(|l| l.hosts.clone()) {
            Some(h) => h,
            None => self.resolve_hosts(&token)?.value,
        };
        Ok(Login {
            token,
            token_endpoint,
            hosts: Some(hosts),
            from_cache: false,
        })
    }
}
/// Scheme, host and port of a URL (the port made explicit), as origins are compared.
fn origin(url: &reqwest::Url) -> String {
    format!(
        "{}://{}:{}",
        url.scheme(),
        url.host_str().unwrap_or_default().to_ascii_lowercase(),
        url.port_or_known_default().unwrap_or_default()
    )
}
