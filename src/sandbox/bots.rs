//! Which contacts of a running sandbox an offline signal rehearsal can use: the live bot
//! (spawned) contacts whose caller's contact is live too.

use super::{Sandbox, dynamics};

impl Sandbox {
    /// True when contact `id` is in the scenario (live or not).
    pub fn has_contact(&self, id: u64) -> bool {
        self.shared.lock().contacts.contains_key(&id)
    }

    /// The live spawned contacts whose master is live too, in id order: the contacts an offline
    /// `--via signal` rehearsal can escalate.
    pub fn bot_contacts(&self) -> Vec<u64> {
        let mut s = self.shared.lock();
        dynamics::tick(&mut s, self.shared.clock.now());
        let mut ids: Vec<u64> = s
            .contacts
            .values()
            .filter(|c| c.active)
            .filter(|c| {
                c.master
                    .filter(|m| *m != c.id)
                    .and_then(|m| s.contacts.get(&m))
                    .is_some_and(|m| m.active)
            })
            .map(|c| c.id)
            .collect();
        ids.sort_unstable();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_two_live_bot_calls() {
        let sb = Sandbox::start("demo", 0).unwrap();
        assert_eq!(sb.bot_contacts(), [5823201, 5823211]);
        assert!(sb.has_contact(5823114));
        assert!(!sb.has_contact(7));
    }
}
