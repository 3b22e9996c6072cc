//! Limits on sign-in and API attempts, per account and per address, kept
//! in this process (each server counts its own): a fixed window of one
//! minute per account and per client address. Over a limit, the answer is
//! 429 with `Retry-After`, before any password is checked or token looked
//! up, so a flood costs no Argon2 work.
//!
//! This is on top of the lockout (five failed sign-ins in a row lock an
//! account for 15 minutes), which the store counts for every server.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};

/// How many attempts a minute are allowed; 0 is no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// `POST /sign-in` per username.
    pub sign_in_per_account: u32,
    /// `POST /sign-in` per client address.
    pub sign_in_per_address: u32,
    /// API requests per signed-in API user.
    pub api_per_account: u32,
    /// API requests per client address, before the token is looked up.
    pub api_per_address: u32,
    /// Clients on this machine (127.0.0.0/8, ::1) are not limited: for
    /// benchmarks and tests run on loopback. Off unless configured.
    pub exempt_loopback: bool,
    /// The client's address is the last `X-Forwarded-For` entry, as a
    /// reverse proxy in front of Hearth appends it. Off unless configured:
    /// without a proxy the header is the client's to forge.
    pub trust_forwarded_for: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            sign_in_per_account: 10,
            sign_in_per_address: 60,
            api_per_account: 600,
            api_per_address: 1200,
            exempt_loopback: false,
            trust_forwarded_for: false,
        }
    }
}

const WINDOW: Duration = Duration::from_secs(60);
/// Windows kept before the expired ones are swept out.
const SWEEP_AT: usize = 50_000;
/// A username is counted by at most this many characters of it.
const KEY_CHARS: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    SignInAccount,
    SignInAddress,
    ApiAccount,
    ApiAddress,
}

impl Kind {
    fn what(self) -> &'static str {
        match self {
            Kind::SignInAccount => "sign-in attempts for one account",
            Kind::SignInAddress => "sign-in attempts from one address",
            Kind::ApiAccount => "API requests for one account",
            Kind::ApiAddress => "API requests from one address",
        }
    }
}

struct Window {
    start: Instant,
    count: u32,
}

/// Over a limit: how long until the window ends, and which limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooMany {
    pub retry_after: Duration,
    pub what: &'static str,
    /// The first refusal in this window (logged; later ones are not).
    pub first: bool,
}

impl TooMany {
    /// Whole seconds for `Retry-After`, at least one.
    pub fn seconds(&self) -> u64 {
        self.retry_after.as_secs().max(1)
    }
}

/// The counters, shared by every request to one router.
pub struct Limiter {
    limits: Limits,
    windows: Mutex<HashMap<(Kind, String), Window>>,
}

impl Limiter {
    pub fn new(limits: Limits) -> Self {
        Limiter {
            limits,
            windows: Mutex::new(HashMap::new()),
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    fn hit(&self, kind: Kind, key: &str, limit: u32) -> Result<(), TooMany> {
        if limit == 0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, w| now.duration_since(w.start) < WINDOW);
        }
        let key: String = key.chars().take(KEY_CHARS).collect();
        let w = windows.entry((kind, key)).or_insert(Window {
            start: now,
            count: 0,
        });
        if now.duration_since(w.start) >= WINDOW {
            *w = Window {
                start: now,
                count: 0,
            };
        }
        w.count = w.count.saturating_add(1);
        if w.count > limit {
            return Err(TooMany {
                retry_after: WINDOW.saturating_sub(now.duration_since(w.start)),
                what: kind.what(),
                first: w.count == limit + 1,
            });
        }
        Ok(())
    }

    fn exempt(&self, address: Option<IpAddr>) -> bool {
        self.limits.exempt_loopback && address.is_some_and(|a| a.to_canonical().is_loopback())
    }

    /// One sign-in attempt for `username` from `address`.
    pub fn sign_in(&self, address: Option<IpAddr>, username: &str) -> Result<(), TooMany> {
        if self.exempt(address) {
            return Ok(());
        }
        if let Some(a) = address {
            self.hit(
                Kind::SignInAddress,
                &a.to_canonical().to_string(),
                self.limits.sign_in_per_address,
            )?;
        }
        self.hit(
            Kind::SignInAccount,
            username.trim(),
            self.limits.sign_in_per_account,
        )
    }

    /// One API request from `address`, before its token is looked up.
    pub fn api_address(&self, address: Option<IpAddr>) -> Result<(), TooMany> {
        match address {
            Some(a) if !self.exempt(address) => self.hit(
                Kind::ApiAddress,
                &a.to_canonical().to_string(),
                self.limits.api_per_address,
            ),
            _ => Ok(()),
        }
    }

    /// One API request by user `user` (an id).
    pub fn api_account(&self, address: Option<IpAddr>, user: i64) -> Result<(), TooMany> {
        if self.exempt(address) {
            return Ok(());
        }
        self.hit(
            Kind::ApiAccount,
            &user.to_string(),
            self.limits.api_per_account,
        )
    }

    /// The client's address: the peer's, or, when configured to trust a
    /// proxy, the last `X-Forwarded-For` entry. `None` when not known
    /// (a router driven without a listener, as in tests).
    pub fn client_address(&self, headers: &HeaderMap, extensions: &Extensions) -> Option<IpAddr> {
        if self.limits.trust_forwarded_for {
            // Only the proxy's own entry, the last: those before it are the
            // client's to write. One that does not parse is not used.
            let last = headers
                .get_all("x-forwarded-for")
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|a| a.trim().parse::<IpAddr>().ok());
            if last.is_some() {
                return last;
            }
        }
        extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_account: u32, per_address: u32) -> Limits {
        Limits {
            sign_in_per_account: per_account,
            sign_in_per_address: per_address,
            ..Limits::default()
        }
    }

    #[test]
    fn attempts_over_a_limit_are_refused_for_the_rest_of_the_minute() {
        let l = Limiter::new(limits(3, 5));
        let here: Option<IpAddr> = "192.0.2.1".parse().ok();
        for _ in 0..3 {
            assert!(l.sign_in(here, "sw1").is_ok());
        }
        let refused = l.sign_in(here, " sw1 ").unwrap_err();
        assert!(refused.first);
        assert!(refused.seconds() >= 59, "{refused:?}");
        assert_eq!(refused.what, "sign-in attempts for one account");
        assert!(!l.sign_in(here, "sw1").unwrap_err().first);
        // The address has made five attempts: its limit.
        let refused = l.sign_in(here, "tm1").unwrap_err();
        assert_eq!(refused.what, "sign-in attempts from one address");
        // Another address may still try another account.
        assert!(l.sign_in("192.0.2.2".parse().ok(), "tm1").is_ok());
    }

    #[test]
    fn loopback_is_exempt_only_when_configured() {
        let strict = Limiter::new(limits(1, 1));
        let local: Option<IpAddr> = "127.0.0.1".parse().ok();
        assert!(strict.sign_in(local, "a").is_ok());
        assert!(strict.sign_in(local, "b").is_err());
        let exempt = Limiter::new(Limits {
            exempt_loopback: true,
            ..limits(1, 1)
        });
        for _ in 0..100 {
            assert!(exempt.sign_in(local, "a").is_ok());
            assert!(exempt.sign_in("::1".parse().ok(), "a").is_ok());
        }
        assert!(exempt.sign_in("192.0.2.1".parse().ok(), "a").is_ok());
        assert!(exempt.sign_in("192.0.2.1".parse().ok(), "a").is_err());
    }

    #[test]
    fn zero_is_no_limit() {
        let l = Limiter::new(limits(0, 0));
        for _ in 0..1000 {
            assert!(l.sign_in("192.0.2.1".parse().ok(), "a").is_ok());
        }
    }

    #[test]
    fn a_forwarded_address_is_used_only_when_trusted() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().unwrap(),
        );
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 443))));
        let proxy: Option<IpAddr> = "10.0.0.1".parse().ok();
        let direct = Limiter::new(Limits::default());
        assert_eq!(direct.client_address(&headers, &extensions), proxy);
        let behind = Limiter::new(Limits {
            trust_forwarded_for: true,
            ..Limits::default()
        });
        assert_eq!(
            behind.client_address(&headers, &extensions),
            "198.51.100.7".parse().ok()
        );
        assert_eq!(behind.client_address(&HeaderMap::new(), &extensions), proxy);
        // A forged entry before a bad last one is not taken.
        headers.insert("x-forwarded-for", "203.0.113.9, nonsense".parse().unwrap());
        assert_eq!(behind.client_address(&headers, &extensions), proxy);
    }
}
