//! URL safety: every base URL (configured or discovered) must be https, except on loopback.
//! It sits with the configuration, which checks the profile's URLs, and the client checks
//! discovered ones with it.

use std::net::IpAddr;

use reqwest::Url;

/// True for 127.0.0.0/8, `::1` (and IPv4-mapped loopback) and `localhost`.
pub fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Ok(ip) => ip.is_loopback(),
        Err(_) => bare.eq_ignore_ascii_case("localhost"),
    }
}

/// `text` (a URL) as a message may show it: a password in it becomes `***`, and so does its
/// query (which may carry a token). Text that is no URL is shown as it is.
pub fn shown(text: &str) -> String {
    let Ok(mut url) = Url::parse(text) else {
        return text.to_string();
    };
    if url.password().is_some() {
        let _ = url.set_password(Some("***"));
    }
    if url.query().is_some() {
        url.set_query(Some("***"));
    }
    if url.fragment().is_some() {
        url.set_fragment(Some("***"));
    }
    url.to_string()
}

/// Check one base URL; `Err` says why it is refused, in words a user can act on.
///
/// Plain `http://` would send the bearer token and the access key in clear text, so it is
/// allowed only for loopback hosts (a local sandbox tenant or a local proxy).
pub fn check_base_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text)
        .map_err(|e| format!("it is not a URL ({e}); use the form https://host[:port][/path]"))?;
    if url.host().is_none() {
        return Err("it has no host; use the form https://host[:port][/path]".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "it carries credentials; secrets come only from environment variables or the secret file"
                .into(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("a base URL takes no query or fragment".into());
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(
            "plain http:// would send the token and the access key in clear text; use https:// (http:// is allowed only for loopback hosts: 127.0.0.0/8, ::1, localhost)"
                .into(),
        ),
        other => Err(format!("scheme {other}:// is not supported; use https://")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_shown_url_hides_its_password_and_query() {
        assert_eq!(
            super::shown("https://ops:pw-123@x.com/a?access_token=t#f"),
            "https://ops:***@x.com/a?***#***"
        );
        assert_eq!(super::shown("https://x.com/a"), "https://x.com/a");
        assert_eq!(super::shown("not a url"), "not a url");
    }

    use super::*;

    #[test]
    fn https_anywhere_http_only_on_loopback() {
        assert!(check_base_url("https://cxone.niceincontact.com").is_ok());
        assert!(check_base_url("https://proxy.example.com:8443/cxone").is_ok());
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:9000",
            "http://localhost:1",
            "http://LOCALHOST",
        ] {
            assert!(check_base_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://cxone.niceincontact.com",
            "http://10.0.0.1",
            "http://localhost.evil.com",
            "http://128.0.0.1",
        ] {
            let why = check_base_url(bad).unwrap_err();
            assert!(why.contains("clear text"), "{bad}: {why}");
        }
    }

    #[test]
    fn malformed_urls_are_explained() {
        assert!(
            check_base_url("cxone.niceincontact.com")
                .unwrap_err()
                .contains("not a URL")
        );
        assert!(check_base_url("ftp://x.com").unwrap_err().contains("ftp"));
        assert!(
            check_base_url("https://u:p@x.com")
                .unwrap_err()
                .contains("credentials")
        );
        assert!(
            check_base_url("https://x.com/?a=1")
                .unwrap_err()
                .contains("query")
        );
    }
}
