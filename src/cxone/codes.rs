//! Finding codes of the CXone client (API errors any command may report) and of `auth check`.

crate::codes! {
    API_UNREACHABLE = "api-unreachable", Fail,
        "A CXone host could not be reached",
        "DNS, TLS or the connection failed, so no answer came back. Check the issuer and api_base for the tenant's region, the proxy settings (HTTPS_PROXY) and whether a TLS-intercepting proxy is in the way.";
    API_TIMEOUT = "api-timeout", Fail,
        "A CXone call got no answer in time",
        "The call took longer than http.timeout_s. GETs are retried; a POST (signal, work item) is never resent after a timeout because CXone may have processed it, so check whether it took effect.";
    API_RUN_TIMEOUT = "api-run-timeout", Fail,
        "The run time limit ran out",
        "http.run_timeout_s bounds a whole run; the calls left were not made. Raise the limit (0 means none) or check fewer things per run.";
    API_UNAUTHORIZED = "api-unauthorized", Fail,
        "The API refused the token",
        "An API call answered 401 even after a fresh token. The application registration may not include this API family, or api_base belongs to another tenant or region than the token.";
    API_FORBIDDEN = "api-forbidden", Fail,
        "The access key's user lacks a permission",
        "CXone answered 403: the call runs as the user who owns the access key, and that user's role lacks the permission of this API family (Admin, Real-Time Data, Reporting, Patron or Digital Engagement). Add the permission to the role, or use a key of a user who has it.";
    API_NOT_FOUND = "api-not-found", Fail,
        "The resource does not exist",
        "CXone answered 404: the id is unknown on this tenant, or the path does not exist in the configured api_version. Check the id and the business unit the access key belongs to.";
    API_THROTTLED = "api-throttled", Fail,
        "CXone kept throttling the calls",
        "CXone answered 429 on every attempt. cxone-diag waits for Retry-After (capped by http.max_retry_wait_s) or backs off; wait and run again, or lower http.concurrency.";
    API_SERVER_ERROR = "api-server-error", Fail,
        "CXone failed to answer",
        "CXone or a proxy answered 5xx. GETs are retried on 502/503/504; a POST is never resent once CXone may have processed it. Run again later; -v shows each attempt.";
    API_REJECTED = "api-rejected", Fail,
        "CXone rejected the request",
        "CXone answered 4xx to a request it considered invalid; the message quotes its error description. Check the ids and parameters; -vv shows the exchange with secrets redacted.";
    API_BAD_RESPONSE = "api-bad-response", Fail,
        "CXone's answer could not be read",
        "The body was not the JSON expected (malformed, an HTML error or login page, a missing field). A proxy or a wrong api_base usually answers instead of CXone; -vv shows the body.";
    API_LIST_INCOMPLETE = "api-list-incomplete", Fail,
        "A paged list could not be read whole",
        "CXone pages every list (top/skip with totalRecords and _links.next; DFO scrollToken or page/size). cxone-diag reads every page, advancing by the rows that arrived; it stops and says so when a page repeats an earlier one, an empty page comes before totalRecords, _links.next points at another host (the token is never sent there), or http.max_pages is reached. What depends on the list is then unknown, never zero.";
    API_MISSING_ACCEPT = "api-missing-accept", Fail,
        "CXone said 'No known way to render data'",
        "CXone answers this when a request lacks Accept: application/json. cxone-diag always sends it, so something in between (a proxy or gateway) strips or rewrites the header.";
    API_INSECURE_URL = "api-insecure-url", Fail,
        "A discovered URL is plain http",
        "Discovery returned an http:// URL for a non-loopback host; sending the token there would expose it, so the call was refused. Check the issuer, or set token_url / api_base / dfo_base to https URLs.";
    API_NOT_RECORDED = "api-not-recorded", Fail,
        "A replayed run asked for a call that was not recorded",
        "Offline analysis answers only from the recorded exchanges of a bundle; this request was not among them. Save the bundle again with the same command and version.";
    AUTH_DISCOVERY_FAILED = "auth-discovery-failed", Fail,
        "OIDC discovery failed",
        "GET {issuer}/.well-known/openid-configuration did not give a token_endpoint. Check the issuer for the tenant's region (https://cxone.niceincontact.com globally), or set token_url to skip discovery.";
    AUTH_INVALID_CLIENT = "auth-invalid-client", Fail,
        "The token endpoint refused the client id/secret",
        "invalid_client: the client id or client secret is wrong, or the CXone application registration (a Back-end app, approved by NICE in 2-3 business days) is not approved yet. If the app was registered for client_secret_post, set auth.client_auth.";
    AUTH_INVALID_GRANT = "auth-invalid-grant", Fail,
        "The token endpoint refused the access key",
        "invalid_grant: the access key id or secret is wrong, the key was deactivated or deleted, or its user is inactive. Check Admin > Employees > the user > Access Keys in CXone.";
    AUTH_TOKEN_REFUSED = "auth-token-refused", Fail,
        "The token request failed",
        "The token endpoint answered with an error other than invalid_client or invalid_grant (for example an unsupported grant type, a 404 or a 5xx). The message quotes its answer; CXone expects auth.grant: access-key.";
    AUTH_API_HOST_FAILED = "auth-api-host-failed", Fail,
        "The tenant's API host could not be resolved",
        "The API host comes from GET {iss}/.well-known/cxone-configuration?tenantId= with the id_token's iss and tenantId. When that fails, set api_base (e.g. https://api-na1.niceincontact.com) in the profile.";
    AUTH_NO_ID_TOKEN = "auth-no-id-token", Warn,
        "The token response has no id_token",
        "Without an id_token the tenant, business unit and region are unknown and the API host cannot be discovered. CXone's password grant returns one; gateways may not. Set api_base and dfo_base explicitly.";
    AUTH_CLOCK_SKEW = "auth-clock-skew", Warn,
        "The local clock differs from CXone's",
        "The token's iat (issued-at) differs from this machine's clock by more than 60 seconds. Token expiry, time windows of --recent and wait times are then off; synchronise the clock (NTP).";
    AUTH_TOKEN_SHORT_LIVED = "auth-token-short-lived", Warn,
        "The token lives less than 10 minutes",
        "CXone tokens normally live an hour. A shorter lifetime means frequent refreshes, and a long run may see its token expire; check the tenant's or the gateway's token settings.";
    AUTH_STEP_NOT_RUN = "auth-step-not-run", Info,
        "This step was not run",
        "auth check stops at the first step that fails: a token cannot be requested without a token endpoint, nor the API read without a token and an API host. Fix the failed step first.";
    AUTH_TOKEN_ENDPOINT = "auth-token-endpoint", Info,
        "Where tokens come from",
        "The token endpoint from OIDC discovery ({issuer}/.well-known/openid-configuration), or token_url when the profile sets it.";
    AUTH_TOKEN_ISSUED = "auth-token-issued", Info,
        "A token was obtained",
        "The token endpoint accepted the credentials (or a cached token was still valid); the lifetime and the grant are in the facts.";
    AUTH_IDENTITY = "auth-identity", Info,
        "Who the token belongs to",
        "Tenant, business unit, area, cluster and user from the id_token claims, decoded without verification: they only route requests, CXone checks the token itself.";
    AUTH_API_HOST = "auth-api-host", Info,
        "Where API calls go",
        "The ACD API host from cxone-configuration (or api_base), and the Digital Engagement host https://api-de-{area}.{domain} (or dfo_base).";
    AUTH_API_READ = "auth-api-read", Info,
        "An authenticated read worked",
        "GET /apiversion (or /skills?top=1) answered with the token: the credentials, the API host and at least one API permission work together.";
}
