//! Finding codes of `listen`: what went wrong with a request before or around its payload.

crate::codes! {
    LISTEN_HEADER_MISSING = "listen-header-missing", Fail,
        "The request lacks the header --require-header asks for, or its value is wrong",
        "`listen --require-header NAME` answers 401 to a request whose header NAME is missing or does not carry the value of the environment variable named by listen.require_header_env in the config. The body was not read, judged or forwarded. Make the sender (Cognigy's HTTP node or webhook settings) send the header with that value.";
    LISTEN_GET_WITH_BODY = "listen-get-with-body", Fail,
        "A GET or HEAD request carried a body",
        "A handover webhook is a POST with a JSON body; a GET or HEAD with a body is refused with 400 and not forwarded, because proxies and servers commonly drop such bodies. Send the payload with POST.";
    LISTEN_BODY_INCOMPLETE = "listen-body-incomplete", Fail,
        "The request body did not arrive whole",
        "The client stopped sending (it closed the connection, sent a malformed chunk, or was slower than the listener's body read timeout) before the whole body arrived, or the listener was stopped (Ctrl-C, SIGTERM, --duration) while it was arriving (503), so nothing was judged or forwarded. Check the sender's timeouts and the network between it and the listener.";
    LISTEN_UPSTREAM_UNREACHABLE = "listen-upstream-unreachable", Fail,
        "The --forward-to service could not be reached or did not answer in time",
        "The listener answered 502 because the service named by --forward-to refused the connection, timed out (http.timeout_s), sent an answer it could not read, or had not answered 3 s after the listener was stopped. The payload never reached the service: start it, check the URL, or raise http.timeout_s.";
    LISTEN_UPSTREAM_STATUS = "listen-upstream-status", Warn,
        "The --forward-to service answered with an error status",
        "The service behind the listener answered 4xx or 5xx; its answer went back to the caller unchanged. For a handover this usually means the routing service refused the payload or failed while handing over: read the subject's payload findings and the service's own log.";
    LISTEN_FORWARD_ALTERED = "listen-forward-altered", Warn,
        "The --forward-to service received the request slightly changed by the HTTP client",
        "The body is always forwarded byte for byte, but the HTTP client the listener forwards with (reqwest) adds `Accept: */*` to a request that has no Accept header, and sends the request target as a URL: dot segments are resolved (`/a/../b` and `/a/%2e%2e/b` become `/b`), `\\` becomes `/`, and characters such as `{`, `}` and `'` are percent-encoded. The finding names what changed, so a difference in what your service did is not blamed on the sender. To forward such a request exactly, send an Accept header and a normalised, percent-encoded path.";
    LISTEN_NO_PAYLOAD = "listen-no-payload", Info,
        "The request carried no payload, so nothing was validated",
        "A request without a body (a GET, HEAD, OPTIONS or DELETE) has no payload to judge. Without --forward-to it gets 404 (GET /healthz answers 200); with --forward-to it is passed on like any other request.";
}
