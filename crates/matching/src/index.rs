//! Every organisation's candidates in memory, as compact [`Profile`]s with a posting list per
//! taxonomy skill, kept fresh from the store's change feed. Ranking reads the postings of the
//! skills a requisition asks for first and stops as soon as nobody else could reach the list: the
//! answer is the same as scoring everyone, a few hundred times faster.

use crate::{Caps, Plan, Profile, Shortfall, Weights, bound_before_skills, score_reaching};
use hitstaff_domain::{CandidateId, Intent, OrgId};
use hitstaff_store::EntityKind;
use hitstaff_store::{FeedCursor, Result, Store, StoreError};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};

#[path = "snapshot.rs"]
mod snapshot;

/// Changes read from the feed per query.
const FEED_PAGE: u32 = 2_000;

/// One organisation's candidates.
#[derive(Debug, Default)]
struct OrgIndex {
    ids: Vec<CandidateId>,
    /// `None` once deleted (the slot is not reused).
    profiles: Vec<Option<Profile>>,
    slots: HashMap<CandidateId, u32>,
    /// By taxonomy position: the slots holding the skill. A slot may linger after its candidate
    /// lost the skill (scoring reads the profile, so it only costs time) and is dropped at the
    /// next compaction.
    postings: Vec<Vec<u32>>,
    /// Posting entries that no longer hold.
    stale: usize,
    live: usize,
    /// Working space for rankings, kept between them: a million slots' worth, freshly allocated
    /// for every ranking, cost more in zeroed pages than the ranking itself.
    scratch: Mutex<Vec<Scratch>>,
}

/// One ranking's working space, clean when put back.
#[derive(Debug, Default)]
struct Scratch {
    /// By slot: how many key skills it holds exactly, and the last key skill counted.
    held: Vec<(u8, u8)>,
    /// The slots `held` counts.
    touched: Vec<u32>,
    seen: Seen,
    /// Slots waiting to be scored, by their bound.
    by_bound: Vec<Vec<u32>>,
}

impl Scratch {
    fn ready(&mut self, slots: usize) {
        self.held.resize(slots, (0, u8::MAX));
        self.seen.0.resize(slots.div_ceil(64), 0);
        self.by_bound.resize_with(101, Vec::new);
    }

    /// Cleans what a ranking used (the touched entries only), to be used again.
    fn clean(&mut self) {
        for &slot in &self.touched {
            self.held[slot as usize] = (0, u8::MAX);
        }
        self.touched.clear();
        self.seen.0.fill(0);
        for list in &mut self.by_bound {
            list.clear();
        }
    }
}

impl OrgIndex {
    fn upsert(&mut self, id: CandidateId, profile: Profile) {
        if self.postings.is_empty() {
            self.postings = vec![Vec::new(); hitstaff_taxonomy::Taxonomy::get().all().len()];
        }
        let slot = match self.slots.get(&id) {
            Some(&slot) => slot,
            None => {
                let slot = u32::try_from(self.ids.len()).expect("fewer than 4 billion candidates");
                self.ids.push(id);
                self.profiles.push(None);
                self.slots.insert(id, slot);
                slot
            }
        };
        let old: HashSet<u16> = match self.profiles[slot as usize].take() {
            Some(old) => old.skill_positions().collect(),
            None => {
                self.live += 1;
                HashSet::new()
            }
        };
        let new: HashSet<u16> = profile.skill_positions().collect();
        for &s in new.difference(&old) {
            self.postings[usize::from(s)].push(slot);
        }
        self.stale += old.difference(&new).count();
        self.profiles[slot as usize] = Some(profile);
        self.compact_if_stale();
    }

    fn remove(&mut self, id: CandidateId) {
        if let Some(&slot) = self.slots.get(&id)
            && let Some(old) = self.profiles[slot as usize].take()
        {
            self.live -= 1;
            self.stale += old.skill_positions().count();
            self.compact_if_stale();
        }
    }

    /// Rebuilds the postings when a quarter of their entries no longer hold.
    fn compact_if_stale(&mut self) {
        let total: usize = self.postings.iter().map(Vec::len).sum();
        if self.stale < 1_024 || self.stale * 4 < total {
            return;
        }
        for list in &mut self.postings {
            list.clear();
        }
        for (slot, p) in self.profiles.iter().enumerate() {
            if let Some(p) = p {
                for s in p.skill_positions().collect::<HashSet<_>>() {
                    self.postings[usize::from(s)].push(slot as u32);
                }
            }
        }
        self.stale = 0;
    }

    /// The posting lists of some skills.
    fn lists<'a>(&'a self, skills: &'a [u16]) -> impl Iterator<Item = &'a [u32]> + 'a {
        skills
            .iter()
            .map(|&s| self.postings.get(usize::from(s)).map_or(&[][..], Vec::as_slice))
    }

    /// The slots holding some skills (a slot may come more than once).
    fn slots<'a>(&'a self, skills: &'a [u16]) -> impl Iterator<Item = u32> + 'a {
        self.lists(skills).flatten().copied()
    }

    fn top(&self, plan: &Plan, w: &Weights, k: usize) -> Vec<(CandidateId, u8)> {
        if k == 0 {
            return Vec::new();
        }
        // Two halves of the slots ranked side by side (two cores), each exactly; the best of
        // both is the answer.
        let mut best = if self.ids.len() < PARALLEL_FROM {
            self.top_of(plan, w, k, 0, 1)
        } else {
            std::thread::scope(|scope| {
                let other = scope.spawn(|| self.top_of(plan, w, k, 1, 2));
                let mut mine = self.top_of(plan, w, k, 0, 2);
                // A panic in the other half is a bug; rank from this half alone rather than fail.
                if let Ok(theirs) = other.join() {
                    for (Reverse(score), id) in theirs.heap {
                        mine.offer(score, id);
                    }
                }
                mine
            })
        };
        best.heap.shrink_to_fit();
        best.into_sorted()
    }

    /// The best `k` among the slots `s` with `s % parts == part`.
    fn top_of(&self, plan: &Plan, w: &Weights, k: usize, part: u32, parts: u32) -> TopK {
        let mut scratch = self
            .scratch
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop()
            .unwrap_or_default();
        scratch.ready(self.ids.len());
        let best = self.top_in(plan, w, k, part, parts, &mut scratch);
        scratch.clean();
        self.scratch
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(scratch);
        best
    }

    fn top_in(
        &self,
        plan: &Plan,
        w: &Weights,
        k: usize,
        part: u32,
        parts: u32,
        scratch: &mut Scratch,
    ) -> TopK {
        let r = plan.requisition();
        let Scratch {
            held,
            touched,
            seen,
            by_bound,
        } = scratch;
        let mut best = TopK::new(k);
        // Best first: each new slot's bound from what is known before reading its skills, then
        // the full score from the highest bound down, until nobody left could reach the list
        // (the list fills with strong people at once, and its floor prunes the rest).
        let mut score_slots = |slots: &mut dyn Iterator<Item = u32>, best: &mut TopK, caps: &Caps| {
            let floor = best.floor();
            for slot in slots {
                if slot % parts == part
                    && seen.first(slot)
                    && let Some(p) = &self.profiles[slot as usize]
                {
                    let bound = bound_before_skills(plan, p, w, caps);
                    if bound >= floor {
                        by_bound[usize::from(bound.min(100))].push(slot);
                    }
                }
            }
            for bound in (0..=100u8).rev() {
                let waiting = &mut by_bound[usize::from(bound)];
                if !best.beats(bound) {
                    for &slot in waiting.iter() {
                        if let Some(p) = &self.profiles[slot as usize]
                            && let Some(s) = score_reaching(plan, p, w, best.floor(), caps)
                        {
                            best.offer(s, self.ids[slot as usize]);
                        }
                    }
                }
                waiting.clear();
            }
        };

        // A hard filter: only holders of that skill (or a part of it) can be ranked at all.
        let hard: Vec<usize> = (0..r.skills.len())
            .filter(|&i| r.skills[i].required && r.skills[i].hard_filter)
            .collect();
        if let Some(narrowest) = hard
            .iter()
            .map(|&i| plan.crediting(i, true))
            .min_by_key(|skills| self.lists(skills).map(<[u32]>::len).sum::<usize>())
        {
            score_slots(&mut self.slots(&narrowest), &mut best, &Caps::FULL);
            return best;
        }

        // First the holders of what is asked (the required skills, or the preferred ones when
        // nothing is required), then anyone with a skill that counts toward any of them, then
        // everyone: each step only when someone it adds could still reach the list.
        let any_required = r.skills.iter().any(|s| s.required);
        let key: Vec<usize> = (0..r.skills.len())
            .filter(|&i| r.skills[i].required == any_required)
            .collect();
        // Holders of every key skill first, then of all but one, and so on: someone holding `j`
        // of `n` exactly earns at most (j + (n - j) x the best partial worth) / n on them.
        let groups = plan.partial_groups(&key);
        // What a key skill not held exactly can still earn: the best partial relation from any
        // skill, including one that is another key skill itself (Beaker AP, held exactly for
        // one requirement, is a sibling of Beaker CP asked in another).
        let cap = key.iter().map(|&i| plan.best_partial(i)).fold(0.0, f64::max);
        let n = key.len();
        for (x, &i) in key.iter().enumerate() {
            let x = u8::try_from(x).unwrap_or(u8::MAX - 1);
            for slot in self.slots(&plan.crediting(i, true)) {
                let (count, last) = &mut held[slot as usize];
                if slot % parts == part && *last != x {
                    if *count == 0 {
                        touched.push(slot);
                    }
                    *last = x;
                    *count = count.saturating_add(1);
                }
            }
        }
        let mut by_count: Vec<Vec<u32>> = vec![Vec::new(); n + 1];
        for &slot in touched.iter() {
            by_count[usize::from(held[slot as usize].0).min(n)].push(slot);
        }
        // Someone without one of the required skills itself is held under "submit" at best.
        let holding = |j: usize| {
            caps(
                plan,
                any_required,
                (j as f64 + (n - j) as f64 * cap) / n as f64,
                true,
                true,
                if j == n { 100 } else { Shortfall::SUBSTITUTE_CAP },
            )
        };
        for j in (1..=n).rev() {
            score_slots(&mut by_count[j].iter().copied(), &mut best, &holding(j));
            if j > 1 && best.beats(holding(j - 1).best_score(w)) {
                return best;
            }
        }
        drop(by_count);
        // Then by how much a partial relation is worth (a sibling module, another product of the
        // vendor, the vendor alone, a related product): after each group, the rest hold at most
        // the next group's worth, and without a genuine substitute among what is left, nobody
        // new can pass "worth a call".
        for (g, group) in groups.iter().enumerate() {
            let substitute = groups[g..].iter().any(|later| later.close);
            let held = if substitute {
                Shortfall::SUBSTITUTE_CAP
            } else {
                Shortfall::NEIGHBOUR_CAP
            };
            let partial = caps(plan, any_required, group.worth, false, true, held);
            if best.beats(partial.best_score(w)) {
                return best;
            }
            score_slots(&mut self.slots(&group.skills), &mut best, &partial);
        }
        // The rest have nothing toward any required skill.
        let unrelated = caps(plan, any_required, 0.0, false, true, Shortfall::MISSING_CAP);
        if best.beats(unrelated.best_score(w)) {
            return best;
        }
        let related: Vec<Vec<u16>> = (0..r.skills.len()).map(|i| plan.crediting(i, false)).collect();
        score_slots(
            &mut related.iter().flat_map(|skills| self.slots(skills)),
            &mut best,
            &unrelated,
        );
        let nothing = caps(plan, any_required, 0.0, false, false, Shortfall::MISSING_CAP);
        if best.beats(nothing.best_score(w)) {
            return best;
        }
        score_slots(&mut (0..self.ids.len() as u32), &mut best, &nothing);
        best
    }
}

/// Organisations with at least this many slots are ranked on two threads.
const PARALLEL_FROM: usize = 20_000;

/// What a candidate can earn on the skill factors when their mean credit over the key skills
/// (the required ones, or the preferred when nothing is required) is at most `credit`.
/// `some_exact`: they may hold a required skill itself; `preferred_related`: they may still hold
/// something that counts toward a preferred skill; `held`: the highest score their shortfall on
/// the required skills allows (it holds only when something is required).
fn caps(
    plan: &Plan,
    any_required: bool,
    credit: f64,
    some_exact: bool,
    preferred_related: bool,
    held: u8,
) -> Caps {
    let r = plan.requisition();
    let any_preferred = r.skills.iter().any(|s| !s.required);
    let (required, recency, preferred) = if any_required {
        let preferred = if preferred_related || !any_preferred {
            1.0
        } else {
            0.0
        };
        (credit, credit, preferred)
    } else {
        (1.0, 1.0, if any_preferred { credit } else { 1.0 })
    };
    // Depth for maintaining counts the asked product itself, and a genuine substitute in part;
    // breadth and go-lives may be anyone's.
    let intent = match r.intent {
        Intent::Maintain | Intent::Optimize if (some_exact || credit > 0.0) && any_required => 1.0,
        Intent::Maintain | Intent::Optimize => 0.0,
        Intent::Implement | Intent::GoLiveSupport => 1.0,
    };
    Caps {
        required,
        preferred,
        intent,
        recency,
        held: if any_required { held } else { 100 },
    }
}

/// Which slots a query has scored already (a slot may sit in several postings).
#[derive(Debug, Default)]
struct Seen(Vec<u64>);

impl Seen {
    /// True the first time a slot is seen.
    fn first(&mut self, slot: u32) -> bool {
        let (word, bit) = ((slot / 64) as usize, 1u64 << (slot % 64));
        let fresh = self.0[word] & bit == 0;
        self.0[word] |= bit;
        fresh
    }
}

/// The best `k` so far: higher score first, then the older candidate (smaller id).
struct TopK {
    k: usize,
    /// The worst of the kept on top.
    heap: BinaryHeap<(Reverse<u8>, CandidateId)>,
}

impl TopK {
    fn new(k: usize) -> TopK {
        TopK {
            k,
            heap: BinaryHeap::with_capacity(k + 1),
        }
    }

    fn offer(&mut self, score: u8, id: CandidateId) {
        let entry = (Reverse(score), id);
        if self.heap.len() < self.k {
            self.heap.push(entry);
        } else if self.heap.peek().is_some_and(|worst| entry < *worst) {
            self.heap.pop();
            self.heap.push(entry);
        }
    }

    /// The score a newcomer must reach to have a chance: the lowest on a full list, else 0.
    fn floor(&self) -> u8 {
        match self.heap.peek() {
            Some((Reverse(worst), _)) if self.heap.len() == self.k => *worst,
            _ => 0,
        }
    }

    /// The list is full and nobody scoring at most `bound` could enter it.
    fn beats(&self, bound: u8) -> bool {
        self.heap.len() == self.k && self.heap.peek().is_some_and(|(Reverse(worst), _)| bound < *worst)
    }

    fn into_sorted(self) -> Vec<(CandidateId, u8)> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|(Reverse(s), id)| (id, s))
            .collect()
    }
}

/// Where [`CandidateIndex::load_with_snapshot`] loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// The snapshot, then the changes saved since (`applied` candidates read again).
    Snapshot { candidates: usize, applied: usize },
    /// The database; the snapshot was refused for the reason given.
    Database {
        candidates: usize,
        snapshot_refused: String,
    },
}

/// The candidates of every organisation, kept fresh from the change feed.
#[derive(Debug, Default)]
pub struct CandidateIndex {
    orgs: RwLock<HashMap<OrgId, OrgIndex>>,
    /// The last change applied; held while catching up so that changes apply in order.
    cursor: tokio::sync::Mutex<FeedCursor>,
    /// Candidates held, for reporting.
    count: Mutex<usize>,
    ready: std::sync::atomic::AtomicBool,
}

impl CandidateIndex {
    /// Reads every organisation's candidates (or one organisation's), replacing what was held.
    /// Changes saved while it reads are applied by the next [`CandidateIndex::catch_up`].
    #[tracing::instrument(skip_all, fields(candidates))]
    pub async fn load<S: Store>(&self, store: &S, only: Option<OrgId>) -> Result<()> {
        let mut cursor = self.cursor.lock().await;
        // The feed's end first: whatever changes during the read is seen again from there.
        let head = hitstaff_store::feed_end(store).await?;
        let mut orgs = HashMap::new();
        let mut total = 0;
        for org in store.list_organizations().await? {
            if only.is_some_and(|o| o != org.id) {
                continue;
            }
            let mut one = OrgIndex::default();
            hitstaff_store::each_candidate(store, org.id, |c| {
                one.upsert(c.id, Profile::of(&c.fields));
                Ok::<_, StoreError>(())
            })
            .await?;
            total += one.live;
            orgs.insert(org.id, one);
        }
        *self.write() = orgs;
        *cursor = head;
        *self.count.lock().unwrap_or_else(|e| e.into_inner()) = total;
        self.ready.store(true, std::sync::atomic::Ordering::Release);
        tracing::Span::current().record("candidates", total);
        Ok(())
    }

    /// Whether [`CandidateIndex::load`] has finished once.
    pub fn is_ready(&self) -> bool {
        self.ready.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Builds from candidates at hand (benchmarks and tests).
    pub fn from_profiles(
        org: OrgId,
        people: impl IntoIterator<Item = (CandidateId, Profile)>,
    ) -> CandidateIndex {
        let mut one = OrgIndex::default();
        for (id, p) in people {
            one.upsert(id, p);
        }
        let index = CandidateIndex::default();
        *index.count.lock().unwrap_or_else(|e| e.into_inner()) = one.live;
        index.write().insert(org, one);
        index.ready.store(true, std::sync::atomic::Ordering::Release);
        index
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<OrgId, OrgIndex>> {
        self.orgs.write().unwrap_or_else(|e| e.into_inner())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<OrgId, OrgIndex>> {
        self.orgs.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Applies the changes saved since the last call; returns how many candidates it re-read.
    #[tracing::instrument(skip_all, fields(changes, candidates))]
    pub async fn catch_up<S: Store>(&self, store: &S) -> Result<usize> {
        let mut cursor = self.cursor.lock().await;
        if !self.is_ready() {
            return Ok(0);
        }
        self.apply_feed(store, &mut cursor).await
    }

    /// Applies the changes after `cursor` and moves it past them.
    async fn apply_feed<S: Store>(&self, store: &S, cursor: &mut FeedCursor) -> Result<usize> {
        let mut touched: Vec<(OrgId, CandidateId)> = Vec::new();
        let mut seen = HashSet::new();
        let mut changes = 0;
        let mut at = *cursor;
        loop {
            let batch = store.changes_since(at, FEED_PAGE).await?;
            changes += batch.len();
            for change in &batch {
                if change.entity == EntityKind::Candidate {
                    let key = (change.org_id, CandidateId(change.entity_id));
                    if seen.insert(key) {
                        touched.push(key);
                    }
                }
            }
            match batch.last() {
                Some(last) => at = last.cursor,
                None => break,
            }
            if batch.len() < FEED_PAGE as usize {
                break;
            }
        }
        for &(org, id) in &touched {
            match store.get_candidate(org, id).await {
                Ok(c) => self
                    .write()
                    .entry(org)
                    .or_default()
                    .upsert(id, Profile::of(&c.fields)),
                Err(StoreError::NotFound { .. }) => {
                    if let Some(one) = self.write().get_mut(&org) {
                        one.remove(id);
                    }
                }
                Err(e) => return Err(e),
            }
        }
        *cursor = at;
        let total = self.read().values().map(|o| o.live).sum();
        *self.count.lock().unwrap_or_else(|e| e.into_inner()) = total;
        let span = tracing::Span::current();
        span.record("changes", changes);
        span.record("candidates", touched.len());
        Ok(touched.len())
    }

    /// Loads every organisation's candidates from the snapshot at `path` and the changes saved
    /// since it was written, when the snapshot is this build's and agrees with the database (each
    /// organisation's count, and a sample of profiles read again); else from the database, as
    /// [`CandidateIndex::load`]. Says which, and why not the snapshot.
    #[tracing::instrument(skip_all, fields(from))]
    pub async fn load_with_snapshot<S: Store>(&self, store: &S, path: &std::path::Path) -> Result<Loaded> {
        let refused = match self.restore(store, path).await? {
            Ok(applied) => {
                tracing::Span::current().record("from", "snapshot");
                return Ok(Loaded::Snapshot {
                    candidates: self.len(),
                    applied,
                });
            }
            Err(why) => why,
        };
        tracing::Span::current().record("from", "database");
        self.load(store, None).await?;
        Ok(Loaded::Database {
            candidates: self.len(),
            snapshot_refused: refused,
        })
    }

    /// Restores from the snapshot: the changes applied since, or why the snapshot cannot serve.
    async fn restore<S: Store>(
        &self,
        store: &S,
        path: &std::path::Path,
    ) -> Result<std::result::Result<usize, String>> {
        let bytes = match tokio::fs::read(path).await {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Err("there is none yet".into())),
            Err(e) => return Ok(Err(format!("it cannot be read ({e})"))),
        };
        let read = tokio::task::spawn_blocking(move || snapshot::read(&bytes))
            .await
            .map_err(|e| StoreError::corrupt("candidate index snapshot", e.to_string()))?;
        let (at, orgs) = match read {
            Ok(read) => read,
            Err(why) => return Ok(Err(why)),
        };
        let mut cursor = self.cursor.lock().await;
        *self.write() = orgs;
        let mut from = at;
        let applied = self.apply_feed(store, &mut from).await?;
        // The database it was written from, as it is now: every organisation's count, and a
        // sample of profiles read again (a database restored from a backup, or another one at
        // the same place, disagrees).
        for org in store.list_organizations().await? {
            let held = self.read().get(&org.id).map_or(0, |o| o.live);
            if store.count_candidates(org.id).await? != held as u64 {
                self.write().clear();
                return Ok(Err(
                    "it does not agree with the database (restored from a backup?)".into(),
                ));
            }
        }
        let sample: Vec<(OrgId, CandidateId, Profile)> = {
            let orgs = self.read();
            // Seventeen evenly spaced, the first and the last (the newest) among them.
            orgs.iter()
                .flat_map(|(org, one)| {
                    let last = one.ids.len().saturating_sub(1);
                    let mut slots: Vec<usize> = (0..=16).map(|k| k * last / 16).collect();
                    slots.dedup();
                    slots
                        .into_iter()
                        .filter_map(|s| Some((*org, *one.ids.get(s)?, one.profiles.get(s)?.clone()?)))
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        for (org, id, held) in sample {
            let agrees = match store.get_candidate(org, id).await {
                Ok(c) => Profile::of(&c.fields) == held,
                Err(StoreError::NotFound { .. }) => false,
                Err(e) => return Err(e),
            };
            if !agrees {
                self.write().clear();
                return Ok(Err(
                    "it does not agree with the database (restored from a backup?)".into(),
                ));
            }
        }
        *cursor = from;
        self.ready.store(true, std::sync::atomic::Ordering::Release);
        Ok(Ok(applied))
    }

    /// Writes the index, as of the last change applied, to a snapshot at `path` (replacing the
    /// one there at once, when complete). Returns the bytes written.
    #[tracing::instrument(skip_all, fields(bytes))]
    pub async fn save_snapshot(self: &Arc<Self>, path: &std::path::Path) -> std::io::Result<u64> {
        // No change is applied while it is written: the file holds exactly the cursor's state.
        let cursor = self.cursor.lock().await;
        if !self.is_ready() {
            return Err(std::io::Error::other("the candidate index is not loaded yet"));
        }
        let (me, at, path) = (Arc::clone(self), *cursor, path.to_path_buf());
        let bytes = tokio::task::spawn_blocking(move || snapshot::write(&me.read(), at, &path))
            .await
            .map_err(std::io::Error::other)??;
        drop(cursor);
        tracing::Span::current().record("bytes", bytes);
        Ok(bytes)
    }

    /// The best `k` candidates of the organisation for a planned requisition, best first, with
    /// their scores: the same list as scoring every candidate.
    pub fn top(&self, org: OrgId, plan: &Plan, w: &Weights, k: usize) -> Vec<(CandidateId, u8)> {
        self.read()
            .get(&org)
            .map(|one| one.top(plan, w, k))
            .unwrap_or_default()
    }

    /// Candidates held, over every organisation.
    pub fn len(&self) -> usize {
        *self.count.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The last change applied.
    pub async fn cursor(&self) -> FeedCursor {
        *self.cursor.lock().await
    }
}
