//! The store stories. Each takes a fresh, migrated database and panics on the first broken rule.

use crate::TestDb;
use crate::fixtures::{candidate, client, org, requisition, skill};
use hitstaff_domain::{
    Assessment, CandidateId, ClientKind, Email, EmploymentStatus, NewApplication, NewNote, NewUser,
    NoteSubject, OrgId, PersonName, Phone, Recommendation, RejectionReason, RequisitionStatus, Role, Stage,
    StageMove, TransitionError, UsState, WorkModel,
};
use hitstaff_store::{
    Actor, ApplicationFilter, BulkLoad, CandidateFilter, ChangeOp, DuplicateProbe, EntityKind, FeedCursor,
    PageRequest, RequisitionFilter, Store, StoreError, UserUpdate, now,
};
use std::collections::HashSet;
use time::macros::date;

/// Reads the feed from `after` until at least `count` changes have arrived (or ten seconds pass).
/// On PostgreSQL a change becomes readable once every older transaction in the cluster has ended
/// (see `FeedCursor`), so a reader right after a write may wait briefly; it never misses one.
async fn feed_at_least<S: Store>(s: &S, after: FeedCursor, count: usize) -> Vec<hitstaff_store::Change> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let got = s.changes_since(after, 10_000).await.expect("read the feed");
        if got.len() >= count || std::time::Instant::now() > deadline {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

fn conflict<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Conflict { constraint }) => constraint.name().to_string(),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn assert_not_found<T: std::fmt::Debug>(r: Result<T, StoreError>, entity: &str) {
    match r {
        Err(StoreError::NotFound { entity: e }) => assert_eq!(e, entity),
        other => panic!("expected no such {entity}, got {other:?}"),
    }
}

async fn new_org<S: Store>(s: &S, slug: &str) -> OrgId {
    s.create_organization(&org(slug)).await.expect("create org").id
}

/// An organisation with one client, one open requisition and one candidate in its pipeline.
struct OnePipeline {
    org: OrgId,
    client: hitstaff_domain::Client,
    requisition: hitstaff_domain::Requisition,
    candidate: hitstaff_domain::Candidate,
    application: hitstaff_domain::Application,
}

async fn one_pipeline<S: Store>(s: &S, slug: &str) -> OnePipeline {
    let org = new_org(s, slug).await;
    let client = s.create_client(org, &client("Mercy General")).await.unwrap();
    let requisition = s
        .create_requisition(org, &requisition(client.id, "Beaker analyst"))
        .await
        .unwrap();
    let candidate = s
        .create_candidate(org, &candidate("Ana Lopez", Some("ana@example.org")))
        .await
        .unwrap();
    let new = NewApplication {
        candidate_id: candidate.id,
        requisition_id: requisition.id,
        stage: Stage::Sourced,
    };
    let application = s.create_application(org, &new, None).await.unwrap();
    OnePipeline {
        org,
        client,
        requisition,
        candidate,
        application,
    }
}

fn user(email: &str, role: Role, client: Option<hitstaff_domain::ClientId>) -> NewUser {
    NewUser::new(
        Email::parse(email).unwrap(),
        PersonName::parse("Pat Example").unwrap(),
        role,
        client,
        None,
    )
    .unwrap()
}

pub async fn organizations<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let a = s.create_organization(&org("mercy-it")).await.unwrap();
    assert_eq!(s.get_organization(a.id).await.unwrap(), a);
    assert_eq!(
        conflict(s.create_organization(&org("mercy-it")).await),
        "organizations_slug_key"
    );
    let b = s.create_organization(&org("summit-staffing")).await.unwrap();
    assert_eq!(s.list_organizations().await.unwrap().len(), 2);
    let renamed = hitstaff_domain::NewOrganization::parse("Summit Health IT", "summit-health-it").unwrap();
    let updated = s.update_organization(b.id, &renamed).await.unwrap();
    assert_eq!(
        (updated.name.as_str(), updated.slug.as_str(), updated.created_at),
        ("Summit Health IT", "summit-health-it", b.created_at)
    );
    assert_eq!(
        conflict(s.update_organization(b.id, &org("mercy-it")).await),
        "organizations_slug_key"
    );
    assert_eq!(
        s.get_organization(b.id).await.unwrap().slug,
        "summit-health-it",
        "a refused rename changes nothing"
    );
    assert_not_found(
        s.update_organization(OrgId::new(), &renamed).await,
        "organisation",
    );
    assert_not_found(s.get_organization(OrgId::new()).await, "organisation");
}

pub async fn users<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let c = s.create_client(o, &client("Mercy General")).await.unwrap();
    let rec = s
        .create_user(o, &user("rec@acme.test", Role::Recruiter, None))
        .await
        .unwrap();
    let hm = s
        .create_user(o, &user("hm@mercy.test", Role::HiringManager, Some(c.id)))
        .await
        .unwrap();
    assert_eq!(hm.client_id, Some(c.id));
    assert_eq!(s.get_user(o, rec.id).await.unwrap(), rec);
    assert_eq!(s.list_users(o).await.unwrap().len(), 2);
    assert_eq!(
        conflict(
            s.create_user(o, &user("REC@acme.test", Role::Auditor, None))
                .await
        ),
        "users_org_email_key"
    );
    // An address is unique within an organisation only: another organisation may have an account
    // with it (so that its administrator learns nothing from a conflict), and sign-in finds both.
    let other = new_org(s, "elsewhere-u").await;
    let twin = s
        .create_user(other, &user("rec@acme.test", Role::Auditor, None))
        .await
        .unwrap();
    let both = s
        .user_for_sign_in(&Email::parse("Rec@Acme.test").unwrap())
        .await
        .unwrap();
    assert_eq!(
        both.iter()
            .map(|r| (r.user.org_id, r.user.id))
            .collect::<Vec<_>>(),
        vec![(o, rec.id), (other, twin.id)],
        "every account with the address, oldest first"
    );
    assert_eq!(
        s.list_users(o).await.unwrap().len(),
        2,
        "the other organisation's account is not listed here"
    );

    // Roles and client scope stay consistent through updates.
    let err = s
        .update_user(
            o,
            rec.id,
            &UserUpdate {
                role: Some((Role::HiringManager, None)),
                ..Default::default()
            },
        )
        .await;
    assert!(matches!(err, Err(StoreError::Invalid(_))), "{err:?}");
    let moved = UserUpdate {
        role: Some((Role::HiringManager, Some(c.id))),
        active: Some(false),
        ..Default::default()
    };
    let updated = s.update_user(o, rec.id, &moved).await.unwrap();
    assert_eq!(
        (updated.role, updated.client_id, updated.active),
        (Role::HiringManager, Some(c.id), false)
    );

    // Sign-in lookup carries the hash and nothing else leaks.
    s.set_password_hash(o, hm.id, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")
        .await
        .unwrap();
    let [rec_in] = <[_; 1]>::try_from(
        s.user_for_sign_in(&Email::parse("hm@mercy.test").unwrap())
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(rec_in.user.id, hm.id);
    assert!(rec_in.password_hash.unwrap().starts_with("$argon2id$"));
    assert!(
        s.user_for_sign_in(&Email::parse("nobody@acme.test").unwrap())
            .await
            .unwrap()
            .is_empty()
    );

    // A client of another organisation cannot be assigned.
    let other = new_org(s, "other").await;
    let foreign = s.create_client(other, &client("Elsewhere Clinic")).await.unwrap();
    assert_not_found(
        s.create_user(o, &user("hm2@acme.test", Role::HiringManager, Some(foreign.id)))
            .await,
        "client",
    );
}

pub async fn clients<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let c = s.create_client(o, &client("  Mercy   General ")).await.unwrap();
    assert_eq!(c.name, "Mercy General", "names are tidied on the way in");
    assert_eq!(s.get_client(o, c.id).await.unwrap(), c);
    assert_eq!(
        conflict(s.create_client(o, &client("MERCY GENERAL")).await),
        "clients_org_name_key"
    );

    let mut edit = client("Mercy General Hospital");
    edit.kind = ClientKind::AcademicMedicalCenter;
    let edited = s.update_client(o, c.id, &edit).await.unwrap();
    assert_eq!(
        (edited.name.as_str(), edited.kind),
        ("Mercy General Hospital", ClientKind::AcademicMedicalCenter)
    );
    assert_eq!(edited.created_at, c.created_at);

    let r = s
        .create_requisition(o, &requisition(c.id, "Beaker analyst"))
        .await
        .unwrap();
    assert_eq!(conflict(s.delete_client(o, c.id).await), "clients_in_use");
    assert_eq!(
        s.get_requisition(o, r.id).await.unwrap().fields.client_id,
        c.id,
        "refused delete changed nothing"
    );

    let spare = s.create_client(o, &client("Spare Clinic")).await.unwrap();
    s.delete_client(o, spare.id).await.unwrap();
    assert_not_found(s.get_client(o, spare.id).await, "client");
    let names: Vec<String> = s
        .list_clients(o)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Mercy General Hospital"]);
}

pub async fn requisitions<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let c = s.create_client(o, &client("Mercy General")).await.unwrap();
    let c2 = s.create_client(o, &client("Summit Health")).await.unwrap();
    let input = requisition(c.id, "Epic Beaker CP Analyst");
    let r1 = s.create_requisition(o, &input).await.unwrap();
    assert_eq!(r1.reference, "REQ-0001");
    assert_eq!(r1.fields, input, "every field survives the round trip");
    assert_eq!(s.get_requisition(o, r1.id).await.unwrap(), r1);

    let mut onsite = requisition(c2.id, "Service desk lead");
    onsite.work_model = WorkModel::Onsite;
    onsite.remote_states.clear();
    onsite.location = Some(hitstaff_domain::Location::parse("Denver, CO 80202").unwrap());
    onsite.skills[0].skill = skill("servicenow");
    onsite.priority = hitstaff_domain::Priority::Urgent;
    let r2 = s.create_requisition(o, &onsite).await.unwrap();
    assert_eq!(r2.reference, "REQ-0002");

    let all = s
        .list_requisitions(o, &RequisitionFilter::default(), &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(
        all.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        [r2.id, r1.id],
        "newest first"
    );
    let by = |f: RequisitionFilter| async move {
        s.list_requisitions(o, &f, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        by(RequisitionFilter {
            skill: Some(skill("epic.beaker_cp")),
            ..Default::default()
        })
        .await,
        [r1.id]
    );
    assert_eq!(
        by(RequisitionFilter {
            client: Some(c2.id),
            ..Default::default()
        })
        .await,
        [r2.id]
    );
    assert_eq!(
        by(RequisitionFilter {
            work_model: Some(WorkModel::Remote),
            ..Default::default()
        })
        .await,
        [r1.id]
    );
    assert_eq!(
        by(RequisitionFilter {
            priority: Some(hitstaff_domain::Priority::Urgent),
            ..Default::default()
        })
        .await,
        [r2.id]
    );
    // An owner is kept, changed and filtered on.
    let riley = s
        .create_user(o, &user("riley@acme.test", Role::Recruiter, None))
        .await
        .unwrap();
    let mut owned = r2.fields.clone();
    owned.owner_id = Some(riley.id);
    let r2 = s.update_requisition(o, r2.id, &owned).await.unwrap();
    assert_eq!(r2.fields.owner_id, Some(riley.id));
    assert_eq!(
        s.get_requisition(o, r2.id).await.unwrap().fields.owner_id,
        Some(riley.id)
    );
    assert_eq!(
        by(RequisitionFilter {
            owner: Some(riley.id),
            ..Default::default()
        })
        .await,
        [r2.id]
    );
    assert_eq!(
        by(RequisitionFilter {
            owner: Some(hitstaff_domain::UserId::new()),
            ..Default::default()
        })
        .await,
        Vec::<hitstaff_domain::RequisitionId>::new()
    );
    let page1 = s
        .list_requisitions(o, &RequisitionFilter::default(), &PageRequest::first(1))
        .await
        .unwrap();
    assert_eq!(page1.next, Some(r2.id));
    let page2 = s
        .list_requisitions(
            o,
            &RequisitionFilter::default(),
            &PageRequest {
                after: page1.next,
                limit: 1,
            },
        )
        .await
        .unwrap();
    assert_eq!((page2.items[0].id, page2.next), (r1.id, None));

    // Update replaces the skills index too.
    let mut changed = r1.fields.clone();
    changed.skills[0].skill = skill("oracle_health.pathnet");
    changed.headcount = 3;
    let updated = s.update_requisition(o, r1.id, &changed).await.unwrap();
    assert_eq!(
        (updated.fields.headcount, updated.reference.as_str()),
        (3, "REQ-0001")
    );
    assert!(
        by(RequisitionFilter {
            skill: Some(skill("epic.beaker_cp")),
            ..Default::default()
        })
        .await
        .is_empty()
    );

    // Invalid input and unknown clients are refused with the field named.
    let mut bad = requisition(c.id, "");
    bad.headcount = 0;
    match s.create_requisition(o, &bad).await {
        Err(StoreError::Invalid(e)) => {
            let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(fields, ["title", "headcount"]);
        }
        other => panic!("{other:?}"),
    }
    assert_not_found(
        s.create_requisition(o, &requisition(hitstaff_domain::ClientId::new(), "x"))
            .await,
        "client",
    );
}

pub async fn requisition_status_rules<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let c = s.create_client(o, &client("Mercy General")).await.unwrap();
    let mut draft = requisition(c.id, "Willow analyst");
    draft.status = RequisitionStatus::Draft;
    let r = s.create_requisition(o, &draft).await.unwrap();
    let refused = s.set_requisition_status(o, r.id, RequisitionStatus::OnHold).await;
    assert!(
        matches!(&refused, Err(StoreError::Invalid(e)) if e.to_string().contains("from Draft to On hold")),
        "{refused:?}"
    );
    assert_eq!(
        s.get_requisition(o, r.id).await.unwrap().fields.status,
        RequisitionStatus::Draft
    );
    for next in [
        RequisitionStatus::Open,
        RequisitionStatus::OnHold,
        RequisitionStatus::Open,
        RequisitionStatus::Filled,
    ] {
        assert_eq!(
            s.set_requisition_status(o, r.id, next)
                .await
                .unwrap()
                .fields
                .status,
            next
        );
    }
    // A filled requisition takes no new candidates until reopened.
    let cand = s
        .create_candidate(o, &candidate("Ana Lopez", None))
        .await
        .unwrap();
    let app = NewApplication {
        candidate_id: cand.id,
        requisition_id: r.id,
        stage: Stage::Sourced,
    };
    assert!(matches!(
        s.create_application(o, &app, None).await,
        Err(StoreError::Invalid(_))
    ));
    s.set_requisition_status(o, r.id, RequisitionStatus::Open)
        .await
        .unwrap();
    s.create_application(o, &app, None).await.unwrap();

    // Deleting: only while nobody is in the pipeline; otherwise cancel.
    assert_eq!(
        conflict(s.delete_requisition(o, r.id).await),
        "requisitions_in_use"
    );
    assert_eq!(s.get_requisition(o, r.id).await.unwrap().id, r.id);
    let mistake = s
        .create_requisition(o, &requisition(c.id, "Entered twice"))
        .await
        .unwrap();
    s.delete_requisition(o, mistake.id).await.unwrap();
    assert_not_found(s.get_requisition(o, mistake.id).await, "requisition");
    assert_not_found(s.delete_requisition(o, mistake.id).await, "requisition");
    let by_skill = RequisitionFilter {
        skill: Some(skill("epic.beaker_cp")),
        ..Default::default()
    };
    let listed = s
        .list_requisitions(o, &by_skill, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(
        listed.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        [r.id],
        "its skill rows went with it"
    );
}

pub async fn candidates<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let mut input = candidate("Grace Okafor", Some("grace@example.org"));
    input.phone = Some(Phone::parse("(312) 555-0199").unwrap());
    input.available_from = Some(date!(2027 - 02 - 01));
    input.experience = vec![hitstaff_domain::Experience {
        employer: "Northwestern Medicine".into(),
        title: "Beaker Analyst".into(),
        start: date!(2019 - 03 - 01),
        end: None,
        skills: vec![skill("epic.beaker_cp")],
    }];
    input.npi = Some(hitstaff_domain::Npi::parse("1234567893").unwrap());
    let created = s.create_candidate(o, &input).await.unwrap();
    let read = s.get_candidate(o, created.id).await.unwrap();
    assert_eq!(read, created, "what was written is what is read");
    assert_eq!(read.fields.tags, ["go-live"]);
    let found = s
        .find_candidate_by_email(o, &Email::parse("GRACE@example.org").unwrap())
        .await
        .unwrap();
    assert_eq!(found.map(|c| c.id), Some(created.id));

    let mut edit = read.fields.clone();
    edit.skills[0].skill = skill("oracle_health.pathnet");
    edit.employment_status = EmploymentStatus::Consultant;
    let updated = s.update_candidate(o, created.id, &edit).await.unwrap();
    assert_eq!(updated.fields, edit);
    assert_eq!(updated.created_at, created.created_at);
    assert!(updated.updated_at >= created.updated_at);
    let with = |id: &str| CandidateFilter {
        skill: Some(skill(id)),
        ..Default::default()
    };
    let listed = s
        .list_candidates(o, &with("oracle_health.pathnet"), &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);
    assert!(
        s.list_candidates(o, &with("epic.beaker_cp"), &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );

    s.delete_candidate(o, created.id).await.unwrap();
    assert_not_found(s.get_candidate(o, created.id).await, "candidate");
    assert_not_found(s.delete_candidate(o, created.id).await, "candidate");
    assert_not_found(s.update_candidate(o, created.id, &edit).await, "candidate");
}

pub async fn candidate_email_uniqueness<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let (a, b) = (new_org(s, "firm-a").await, new_org(s, "firm-b").await);
    s.create_candidate(a, &candidate("Li Wei", Some("li.wei@example.org")))
        .await
        .unwrap();
    let dup = s
        .create_candidate(a, &candidate("Li Wei Jr", Some("Li.Wei@example.org")))
        .await;
    assert_eq!(conflict(dup), "candidates_org_email_key");
    // The same person known to two firms is two records, one per firm.
    s.create_candidate(b, &candidate("Li Wei", Some("li.wei@example.org")))
        .await
        .unwrap();
    // Candidates without an email never collide.
    s.create_candidate(a, &candidate("No Email One", None))
        .await
        .unwrap();
    s.create_candidate(a, &candidate("No Email Two", None))
        .await
        .unwrap();
    assert_eq!(s.count_candidates(a).await.unwrap(), 3);
    // An update onto a taken address is refused too.
    let other = s
        .create_candidate(a, &candidate("Sam Roe", Some("sam@example.org")))
        .await
        .unwrap();
    let mut edit = other.fields.clone();
    edit.email = Some(Email::parse("li.wei@example.org").unwrap());
    assert_eq!(
        conflict(s.update_candidate(a, other.id, &edit).await),
        "candidates_org_email_key"
    );
    assert_eq!(
        s.get_candidate(a, other.id)
            .await
            .unwrap()
            .fields
            .email
            .unwrap()
            .as_str(),
        "sam@example.org"
    );
}

pub async fn bulk_insert_is_all_or_nothing<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    // Large enough to span several statements on either backend.
    let batch: Vec<_> = (0..3_500)
        .map(|i| candidate(&format!("Person {i}"), Some(&format!("p{i}@example.org"))))
        .collect();
    let ids = s.insert_candidates(o, &batch).await.unwrap();
    assert_eq!(ids.len(), 3_500);
    assert_eq!(
        s.get_candidate(o, ids[3_499]).await.unwrap().fields.name.as_str(),
        "Person 3499",
        "ids in batch order"
    );
    assert_eq!(s.count_candidates(o).await.unwrap(), 3_500);
    let before = feed_at_least(s, FeedCursor::START, 3_501).await.len();
    assert_eq!(before, 3_501, "the organisation and each candidate");
    // Tidying after the load keeps everything and may run again.
    s.after_bulk_load().await.unwrap();
    s.after_bulk_load().await.unwrap();
    assert_eq!(s.count_candidates(o).await.unwrap(), 3_500);

    // A batch whose last row collides with a stored email is refused whole.
    let mut bad: Vec<_> = (0..3_000)
        .map(|i| candidate(&format!("New {i}"), Some(&format!("new{i}@example.org"))))
        .collect();
    bad.push(candidate("Collides", Some("p7@example.org")));
    assert_eq!(
        conflict(s.insert_candidates(o, &bad).await),
        "candidates_org_email_key"
    );
    assert_eq!(
        s.count_candidates(o).await.unwrap(),
        3_500,
        "nothing of the failed batch was kept"
    );
    assert_eq!(
        s.changes_since(FeedCursor::START, 10_000).await.unwrap().len(),
        before,
        "nor any of its changes"
    );

    // Many read at once (several slices), leaving out who is not there or is another firm's.
    let elsewhere = new_org(s, "elsewhere").await;
    let theirs = s
        .create_candidate(elsewhere, &candidate("Not Ours", None))
        .await
        .unwrap();
    let mut asked: Vec<CandidateId> = ids[..1_200].iter().rev().copied().collect();
    asked.push(theirs.id);
    asked.push(CandidateId(uuid::Uuid::now_v7()));
    let mut got: Vec<(CandidateId, String)> = s
        .get_candidates(o, &asked)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.fields.name.as_str().to_string()))
        .collect();
    got.sort();
    let mut want: Vec<(CandidateId, String)> = ids[..1_200]
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, format!("Person {i}")))
        .collect();
    want.sort();
    assert_eq!(got, want);
    assert!(s.get_candidates(o, &[]).await.unwrap().is_empty());

    // An invalid row names its position.
    let mut invalid = vec![candidate("Fine", None), candidate("Also fine", None)];
    invalid[1].source = "not/a source!".into();
    match s.insert_candidates(o, &invalid).await {
        Err(StoreError::Invalid(e)) => assert_eq!(e.errors[0].field, "[1].source"),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.count_candidates(o).await.unwrap(), 3_500);
}

/// A large bulk load sets the search indexes aside and builds them at the end; one that stops
/// half-way leaves them to the next start. Searches answer the same all along.
pub async fn bulk_load_sets_indexes_aside<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let load = |candidates, checks_duplicates| BulkLoad {
        candidates,
        checks_duplicates,
    };
    let mut batch = Vec::new();
    for i in 0..300 {
        let mut c = candidate(&format!("Person{i} Tester"), None);
        if i % 3 == 0 {
            c.location = Some(hitstaff_domain::Location::parse("Columbus, OH").unwrap());
            c.skills[0].skill = skill("epic.clindoc");
        }
        c.phone = Some(Phone::parse(&format!("(614) 555-{:04}", i)).unwrap());
        batch.push(c);
    }
    // What the searches answer with every index in place.
    let answers = || async {
        let by = |skill_id: Option<&str>, state: Option<&str>| CandidateFilter {
            skill: skill_id.map(skill),
            state: state.map(|st| UsState::parse(st).unwrap()),
            ..CandidateFilter::default()
        };
        let mut counts = Vec::new();
        for f in [
            by(Some("epic.clindoc"), None),
            by(Some("epic.clindoc"), Some("OH")),
            by(Some("epic.beaker_cp"), Some("TX")),
            by(None, Some("OH")),
        ] {
            let page = s.list_candidates(o, &f, &PageRequest::first(500)).await.unwrap();
            assert!(page.items.windows(2).all(|w| w[0].id > w[1].id), "newest first");
            counts.push(page.items.len());
        }
        let probe = DuplicateProbe {
            phone: Some(Phone::parse("(614) 555-0007").unwrap()),
            name: Some("person13 tester".into()),
            city: Some("Austin".into()),
            ..DuplicateProbe::default()
        };
        let found = s.find_duplicates(o, &probe).await.unwrap();
        counts.push(found.len());
        counts
    };

    // A small load changes nothing.
    let small = s
        .before_bulk_load(load(BulkLoad::DEFER_FROM - 1, false))
        .await
        .unwrap();
    assert!(small.is_empty(), "{small:?}");
    s.insert_candidates(o, &batch[..100]).await.unwrap();
    let expected = vec![34, 34, 66, 34, 2];
    assert_eq!(answers().await, expected);
    // A large import keeps the name and phone indexes its duplicate look-up reads.
    let aside = s.before_bulk_load(load(1_000_000, true)).await.unwrap();
    assert_eq!(
        aside,
        [
            "candidate_skills_org_skill",
            "candidate_skills_org_skill_name",
            "candidate_skills_org_skill_state",
            "candidates_org_name_order",
            "candidates_org_source",
            "candidates_org_state",
            "candidates_org_state_name",
            "candidates_org_state_source",
            "candidates_org_state_status"
        ]
    );
    // Generated data sets those aside too; what is already aside stays so.
    let aside = s.before_bulk_load(load(1_000_000, false)).await.unwrap();
    assert_eq!(
        aside,
        [
            "candidate_skills_org_skill",
            "candidate_skills_org_skill_name",
            "candidate_skills_org_skill_state",
            "candidates_org_name",
            "candidates_org_name_order",
            "candidates_org_phone",
            "candidates_org_source",
            "candidates_org_state",
            "candidates_org_state_name",
            "candidates_org_state_source",
            "candidates_org_state_status"
        ]
    );
    assert_eq!(
        answers().await,
        expected,
        "the same answers with the indexes aside"
    );
    // Writes go on; the load then stops without finishing (the process is killed).
    s.insert_candidates(o, &batch[100..]).await.unwrap();
    let full = answers().await;
    assert_eq!(full, vec![100, 100, 200, 100, 2]);
    // The next start builds every index that was set aside, and the answers stay the same.
    let other = (db.reopen)().await;
    let report = other.migrate().await.unwrap();
    assert_eq!(report.rebuilt_indexes.len(), 11, "{report:?}");
    assert!(other.migrate().await.unwrap().rebuilt_indexes.is_empty(), "once");
    assert_eq!(answers().await, full);
    // A finished load builds them itself.
    assert_eq!(
        s.before_bulk_load(load(BulkLoad::DEFER_FROM, false))
            .await
            .unwrap()
            .len(),
        11
    );
    assert_eq!(s.after_bulk_load().await.unwrap().len(), 11);
    assert!(
        s.after_bulk_load().await.unwrap().is_empty(),
        "nothing left to build"
    );
    assert!(s.migrate().await.unwrap().rebuilt_indexes.is_empty());
    assert_eq!(answers().await, full);
    // The email index is never set aside: a duplicate address is refused mid-load as ever.
    assert_eq!(
        s.before_bulk_load(load(1_000_000, false)).await.unwrap().len(),
        11
    );
    let mut twice = vec![candidate("One Person", Some("same@example.org"))];
    twice.push(candidate("Two Person", Some("same@example.org")));
    assert_eq!(
        conflict(s.insert_candidates(o, &twice).await),
        "candidates_org_email_key"
    );
    assert_eq!(s.after_bulk_load().await.unwrap().len(), 11);
}

pub async fn candidate_paging_and_filters<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let mut batch = Vec::new();
    for i in 0..120 {
        let mut c = candidate(
            &format!("{} Person{i}", if i % 3 == 0 { "Alex" } else { "Blake" }),
            None,
        );
        if i % 2 == 0 {
            c.location = Some(hitstaff_domain::Location::parse("Columbus, OH").unwrap());
            c.skills[0].skill = skill("epic.clindoc");
        }
        c.available_from = Some(if i % 4 == 0 {
            date!(2027 - 01 - 01)
        } else {
            date!(2027 - 06 - 01)
        });
        batch.push(c);
    }
    s.insert_candidates(o, &batch).await.unwrap();
    // Page through everything: each candidate once, newest first.
    let mut seen = Vec::new();
    let mut page = PageRequest::<CandidateId>::first(50);
    loop {
        let got = s
            .list_candidates(o, &CandidateFilter::default(), &page)
            .await
            .unwrap();
        seen.extend(got.items.iter().map(|c| c.id));
        match got.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 120);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 120);
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first");

    // The same candidates oldest first, for index builds, whole rows included.
    let mut forwards = Vec::new();
    let mut after = None;
    loop {
        let got = s.candidates_in_order(o, after, 50).await.unwrap();
        let Some(last) = got.last() else { break };
        after = Some(last.id);
        forwards.extend(got.iter().map(|c| c.id));
        assert!(got.iter().all(|c| !c.fields.skills.is_empty()), "rows come whole");
    }
    seen.reverse();
    assert_eq!(forwards, seen, "each candidate once, oldest first");
    let other = new_org(s, "acme-elsewhere").await;
    assert!(s.candidates_in_order(other, None, 50).await.unwrap().is_empty());

    let count = |f: CandidateFilter| async move {
        s.list_candidates(o, &f, &PageRequest::first(500))
            .await
            .unwrap()
            .items
            .len()
    };
    assert_eq!(
        count(CandidateFilter {
            state: Some(UsState::parse("OH").unwrap()),
            ..Default::default()
        })
        .await,
        60
    );
    assert_eq!(
        count(CandidateFilter {
            skill: Some(skill("epic.clindoc")),
            ..Default::default()
        })
        .await,
        60
    );
    assert_eq!(
        count(CandidateFilter {
            available_by: Some(date!(2027 - 02 - 01)),
            ..Default::default()
        })
        .await,
        30
    );
    assert_eq!(
        count(CandidateFilter {
            name_prefix: Some("alex".into()),
            ..Default::default()
        })
        .await,
        40
    );
    assert_eq!(
        count(CandidateFilter {
            name_prefix: Some("%".into()),
            ..Default::default()
        })
        .await,
        0,
        "wildcards are literal"
    );
    let both = CandidateFilter {
        state: Some(UsState::parse("TX").unwrap()),
        name_prefix: Some("Alex".into()),
        ..Default::default()
    };
    assert_eq!(count(both).await, 20);
    // By the start of a name: alphabetically (then by id), paged, each once.
    let mut by_name: Vec<(String, CandidateId)> = Vec::new();
    let mut page = PageRequest::<CandidateId>::first(7);
    let alex = CandidateFilter {
        name_prefix: Some(" ALEX".into()),
        ..Default::default()
    };
    loop {
        let got = s.list_candidates(o, &alex, &page).await.unwrap();
        by_name.extend(
            got.items
                .iter()
                .map(|c| (c.fields.name.as_str().to_lowercase(), c.id)),
        );
        match got.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    assert_eq!(by_name.len(), 40);
    assert!(by_name.iter().all(|(n, _)| n.starts_with("alex")));
    assert!(
        by_name.windows(2).all(|w| w[0] < w[1]),
        "alphabetical, then by id, each once: {by_name:?}"
    );

    // A broader skill with its parts (the application layer names them from the taxonomy): whoever
    // holds a part is found, each once, newest first, paged, in a state, with other filters.
    let beaker = |state| CandidateFilter {
        skill: Some(skill("epic.beaker")),
        skill_parts: vec![skill("epic.beaker_cp"), skill("epic.beaker_ap")],
        state,
        ..Default::default()
    };
    let mut seen_parts = Vec::new();
    let mut page = PageRequest::<CandidateId>::first(7);
    loop {
        let got = s.list_candidates(o, &beaker(None), &page).await.unwrap();
        seen_parts.extend(got.items.iter().map(|c| c.id));
        match got.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen_parts.len(), 60, "the Beaker CP holders");
    assert!(
        seen_parts.windows(2).all(|w| w[0] > w[1]),
        "newest first, each once"
    );
    assert_eq!(count(beaker(Some(UsState::parse("TX").unwrap()))).await, 60);
    assert_eq!(count(beaker(Some(UsState::parse("OH").unwrap()))).await, 0);
    assert_eq!(
        count(CandidateFilter {
            skill: Some(skill("epic.beaker")),
            ..Default::default()
        })
        .await,
        0,
        "without its parts, only the skill itself"
    );
    assert_eq!(
        count(CandidateFilter {
            name_prefix: Some("Alex".into()),
            ..beaker(None)
        })
        .await,
        20
    );

    // A skill in a state, paged: the skill's candidates in that state only, each once, newest first.
    let oh = || Some(UsState::parse("OH").unwrap());
    let clindoc_in = |state| CandidateFilter {
        skill: Some(skill("epic.clindoc")),
        state,
        ..Default::default()
    };
    let mut seen = Vec::new();
    let mut page = PageRequest::<CandidateId>::first(7);
    loop {
        let got = s.list_candidates(o, &clindoc_in(oh()), &page).await.unwrap();
        seen.extend(got.items.iter().map(|c| c.id));
        match got.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 60);
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first");
    let tx = || Some(UsState::parse("TX").unwrap());
    assert_eq!(count(clindoc_in(tx())).await, 0);
    // Moving house moves them in the skill-in-state search too.
    let mover = s.get_candidate(o, seen[0]).await.unwrap();
    let mut moved = mover.fields.clone();
    moved.location = Some(hitstaff_domain::Location::parse("Austin, TX").unwrap());
    s.update_candidate(o, mover.id, &moved).await.unwrap();
    assert_eq!(count(clindoc_in(oh())).await, 59);
    assert_eq!(count(clindoc_in(tx())).await, 1);
    // With the skill and other filters together, every filter still applies.
    let with_name = CandidateFilter {
        name_prefix: Some("Alex".into()),
        ..clindoc_in(oh())
    };
    assert!(
        s.list_candidates(o, &with_name, &PageRequest::first(500))
            .await
            .unwrap()
            .items
            .iter()
            .all(|c| c.fields.name.as_str().starts_with("Alex"))
    );
}

/// A name's start with a skill (one range of the skill index by name): exactly the candidates
/// with both, each once, newest first, paged, in a state, with parts, after a rename, and with a
/// name outside ASCII.
pub async fn name_and_skill_lists<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "names").await;
    let mut batch = Vec::new();
    // More names starting "zed" than the store reads first (5,000); every 40th holds Clindoc,
    // every 80th of them in Ohio.
    for i in 0..5_200 {
        let mut c = candidate(&format!("Zed Many{i:04}"), None);
        if i % 40 == 0 {
            c.skills[0].skill = skill("epic.clindoc");
        }
        if i % 80 == 0 {
            c.location = Some(hitstaff_domain::Location::parse("Columbus, OH").unwrap());
        }
        batch.push(c);
    }
    s.insert_candidates(o, &batch).await.unwrap();
    let all = |f: CandidateFilter| async move {
        let mut seen: Vec<(CandidateId, String)> = Vec::new();
        let mut page = PageRequest::<CandidateId>::first(9);
        loop {
            let got = s.list_candidates(o, &f, &page).await.unwrap();
            seen.extend(
                got.items
                    .iter()
                    .map(|c| (c.id, c.fields.name.as_str().to_string())),
            );
            match got.next {
                Some(next) => page.after = Some(next),
                None => break,
            }
        }
        assert!(
            seen.windows(2).all(|w| w[0].0 > w[1].0),
            "newest first, each once"
        );
        seen
    };
    let clindoc = |prefix: &str, state: Option<UsState>| CandidateFilter {
        name_prefix: Some(prefix.into()),
        skill: Some(skill("epic.clindoc")),
        state,
        ..Default::default()
    };
    // Many names (5,200): the holders walked.
    let many = all(clindoc("zed", None)).await;
    assert_eq!(many.len(), 130);
    // Few names ("Zed Many1..." are 1,000): those names read first.
    let few = all(clindoc("ZED MANY1", None)).await;
    assert_eq!(few.len(), 25);
    assert!(few.iter().all(|(_, n)| n.starts_with("Zed Many1")));
    let expected: Vec<_> = many
        .iter()
        .filter(|(_, n)| n.starts_with("Zed Many1"))
        .cloned()
        .collect();
    assert_eq!(few, expected, "the same candidates in the same order either way");
    // With parts, and in a state.
    let ohio = || Some(UsState::parse("OH").unwrap());
    assert_eq!(all(clindoc("zed", ohio())).await.len(), 65);
    assert_eq!(all(clindoc("zed many1", ohio())).await.len(), 12);
    let with_parts = CandidateFilter {
        skill: Some(skill("epic.beaker")),
        skill_parts: vec![skill("epic.beaker_cp"), skill("epic.beaker_ap")],
        ..clindoc("zed many2", None)
    };
    assert_eq!(all(with_parts).await.len(), 1_000 - 25);
    assert!(all(clindoc("zedd", None)).await.is_empty());
    // A rename moves them in this list too; a name outside ASCII is found by its start.
    let first = &many[0];
    let renamed = s.get_candidate(o, first.0).await.unwrap();
    let mut fields = renamed.fields.clone();
    fields.name = PersonName::parse("Élodie Zed").unwrap();
    s.update_candidate(o, first.0, &fields).await.unwrap();
    assert_eq!(all(clindoc("zed", None)).await.len(), 129);
    let elodie = all(clindoc("ÉLO", None)).await;
    assert_eq!(elodie.len(), 1, "{elodie:?}");
    assert_eq!(elodie[0].0, first.0);
}

/// A requisition's posting: a draft first, checked fields, published only while the requisition
/// is open, the first publication remembered, closed with the requisition, public only in its
/// own organisation and until its last day.
pub async fn postings<S: Store>(db: &TestDb<S>) {
    use hitstaff_domain::{NewPosting, PostingStatus, QuestionKind, ScreeningQuestion};
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let c = s.create_client(o, &client("Mercy General")).await.unwrap();
    let r = s
        .create_requisition(o, &requisition(c.id, "Epic Beaker CP Analyst"))
        .await
        .unwrap();
    let today = date!(2026 - 12 - 01);
    let public = |day| async move {
        s.list_public_postings(o, day, &PageRequest::first(50))
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|p| p.requisition_id)
            .collect::<Vec<_>>()
    };
    assert!(matches!(
        s.get_posting(o, r.id).await,
        Err(StoreError::NotFound { .. })
    ));
    let mut new = NewPosting {
        title: "Epic Beaker Clinical Pathology Analyst".into(),
        description: "Short".into(),
        show_pay: true,
        valid_through: Some(date!(2027 - 01 - 31)),
        questions: vec![ScreeningQuestion {
            prompt: "Are you authorised to work in the United States?".into(),
            kind: QuestionKind::YesNo,
            options: vec![],
            required: true,
            knockout: vec!["no".into()],
            min: None,
        }],
    };
    match s.save_posting(o, r.id, &new, today).await {
        Err(StoreError::Invalid(e)) => assert_eq!(e.errors[0].field, "description"),
        other => panic!("a short description is refused: {other:?}"),
    }
    new.description = "Build and support Epic Beaker Clinical Pathology for a ten-hospital system: \
                       specimen collection, result routing, instrument interfaces, upgrades."
        .into();
    let draft = s.save_posting(o, r.id, &new, today).await.unwrap();
    assert_eq!((draft.status, draft.published_at), (PostingStatus::Draft, None));
    assert_eq!(draft.fields, new, "every field survives the round trip");
    assert_eq!(s.get_posting(o, r.id).await.unwrap(), draft);
    assert!(public(today).await.is_empty(), "a draft is not public");
    assert!(matches!(
        s.set_posting_status(o, r.id, PostingStatus::Paused).await,
        Err(StoreError::Invalid(_))
    ));
    let live = s
        .set_posting_status(o, r.id, PostingStatus::Published)
        .await
        .unwrap();
    let first = live.published_at.expect("published now");
    assert_eq!(public(today).await, [r.id]);
    // Edits keep the status and the first publication; a pause hides it; publishing again does
    // not change when it was first posted.
    new.title = "Epic Beaker CP Analyst".into();
    let edited = s.save_posting(o, r.id, &new, today).await.unwrap();
    assert_eq!(
        (edited.status, edited.published_at),
        (PostingStatus::Published, Some(first))
    );
    s.set_posting_status(o, r.id, PostingStatus::Paused)
        .await
        .unwrap();
    assert!(public(today).await.is_empty());
    let again = s
        .set_posting_status(o, r.id, PostingStatus::Published)
        .await
        .unwrap();
    assert_eq!(again.published_at, Some(first));
    // Past its last day it is not public.
    assert!(public(date!(2027 - 02 - 01)).await.is_empty());
    // Another organisation sees nothing of it.
    let other = new_org(s, "elsewhere").await;
    assert!(matches!(
        s.get_posting(other, r.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(
        s.list_public_postings(other, today, &PageRequest::first(50))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    // On hold: hidden (the requisition is not open) and cannot be published; filled: closed.
    s.set_requisition_status(o, r.id, RequisitionStatus::OnHold)
        .await
        .unwrap();
    assert!(public(today).await.is_empty());
    s.set_posting_status(o, r.id, PostingStatus::Paused)
        .await
        .unwrap();
    match s.set_posting_status(o, r.id, PostingStatus::Published).await {
        Err(StoreError::Invalid(e)) => assert!(e.errors[0].problem.contains("on hold"), "{e}"),
        other => panic!("publishing for a requisition on hold: {other:?}"),
    }
    s.set_requisition_status(o, r.id, RequisitionStatus::Open)
        .await
        .unwrap();
    s.set_posting_status(o, r.id, PostingStatus::Published)
        .await
        .unwrap();
    s.set_requisition_status(o, r.id, RequisitionStatus::Filled)
        .await
        .unwrap();
    assert_eq!(
        s.get_posting(o, r.id).await.unwrap().status,
        PostingStatus::Closed
    );
    assert!(public(today).await.is_empty());
    // Reopened, it can be published again.
    s.set_requisition_status(o, r.id, RequisitionStatus::Open)
        .await
        .unwrap();
    s.set_posting_status(o, r.id, PostingStatus::Published)
        .await
        .unwrap();
    assert_eq!(public(today).await, [r.id]);
}

pub async fn tenancy_isolation<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let OnePipeline {
        org: a,
        client: ca,
        requisition: ra,
        candidate: xa,
        application: app,
    } = one_pipeline(s, "firm-a").await;
    let b = new_org(s, "firm-b").await;
    let note = NewNote {
        body: "Strong Beaker build".into(),
        assessment: Assessment::default(),
        internal: true,
    };
    s.add_note(a, NoteSubject::Candidate(xa.id), None, &note)
        .await
        .unwrap();
    let ua = s
        .create_user(a, &user("rec@a.test", Role::Recruiter, None))
        .await
        .unwrap();

    // Organisation B sees none of it, by id or by listing, and can change none of it.
    assert_not_found(s.get_client(b, ca.id).await, "client");
    assert_not_found(s.get_requisition(b, ra.id).await, "requisition");
    assert_not_found(s.get_candidate(b, xa.id).await, "candidate");
    assert_not_found(s.get_application(b, app.id).await, "application");
    assert_not_found(s.get_user(b, ua.id).await, "user");
    assert_not_found(s.stage_history(b, app.id).await, "application");
    assert!(
        s.find_candidate_by_email(b, &Email::parse("ana@example.org").unwrap())
            .await
            .unwrap()
            .is_none()
    );
    assert!(s.list_clients(b).await.unwrap().is_empty());
    assert!(s.list_users(b).await.unwrap().is_empty());
    assert!(
        s.list_candidates(b, &CandidateFilter::default(), &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        s.list_requisitions(b, &RequisitionFilter::default(), &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        s.list_applications(b, &ApplicationFilter::Candidate(xa.id))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.list_notes(b, NoteSubject::Candidate(xa.id))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(s.pipeline_counts(b, None).await.unwrap().is_empty());
    assert_eq!(s.count_candidates(b).await.unwrap(), 0);
    assert_not_found(s.update_client(b, ca.id, &client("Taken over")).await, "client");
    assert_not_found(
        s.update_candidate(b, xa.id, &candidate("Taken over", None)).await,
        "candidate",
    );
    assert_not_found(s.delete_candidate(b, xa.id).await, "candidate");
    assert_not_found(s.delete_client(b, ca.id).await, "client");
    assert_not_found(
        s.set_requisition_status(b, ra.id, RequisitionStatus::Cancelled)
            .await,
        "requisition",
    );
    assert_not_found(
        s.move_application(b, app.id, Stage::Screening, Actor::SYSTEM, &StageMove::default())
            .await,
        "application",
    );
    assert_not_found(
        s.add_note(b, NoteSubject::Candidate(xa.id), None, &note).await,
        "candidate",
    );
    assert_not_found(s.update_user(b, ua.id, &UserUpdate::default()).await, "user");
    assert_not_found(s.set_password_hash(b, ua.id, "x").await, "user");

    // B cannot point its own rows at A's: not a requisition for A's client, not an application
    // joining its candidate to A's requisition.
    assert_not_found(
        s.create_requisition(b, &requisition(ca.id, "Hijack")).await,
        "client",
    );
    let xb = s.create_candidate(b, &candidate("Ben Cole", None)).await.unwrap();
    let cross = NewApplication {
        candidate_id: xb.id,
        requisition_id: ra.id,
        stage: Stage::Sourced,
    };
    assert_not_found(s.create_application(b, &cross, None).await, "requisition");

    // A still has everything, unchanged.
    assert_eq!(s.get_candidate(a, xa.id).await.unwrap(), xa);
    assert_eq!(s.get_application(a, app.id).await.unwrap().stage, Stage::Sourced);
}

pub async fn applications_and_stage_history<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let c = s.create_client(o, &client("Mercy General")).await.unwrap();
    let r = s
        .create_requisition(o, &requisition(c.id, "Beaker analyst"))
        .await
        .unwrap();
    let rec = s
        .create_user(o, &user("rec@acme.test", Role::Recruiter, None))
        .await
        .unwrap();
    let x = s
        .create_candidate(o, &candidate("Ana Lopez", None))
        .await
        .unwrap();
    let y = s.create_candidate(o, &candidate("Ben Cole", None)).await.unwrap();
    let new = NewApplication {
        candidate_id: x.id,
        requisition_id: r.id,
        stage: Stage::Sourced,
    };
    let app = s.create_application(o, &new, Some(rec.id)).await.unwrap();
    assert_eq!(
        conflict(s.create_application(o, &new, None).await),
        "applications_candidate_requisition_key"
    );
    let bad_start = NewApplication {
        stage: Stage::Offer,
        ..new.clone()
    };
    assert!(matches!(
        s.create_application(o, &bad_start, None).await,
        Err(StoreError::Invalid(_))
    ));

    // A recruiter cannot jump from sourced to placed; nothing changes when refused.
    let actor = Actor::user(rec.id, Role::Recruiter);
    let jump = s
        .move_application(
            o,
            app.id,
            Stage::Placed,
            actor,
            &StageMove {
                note: Some("urgent".into()),
                rejection: None,
            },
        )
        .await;
    assert!(
        matches!(
            jump,
            Err(StoreError::Transition(TransitionError::SkipNotAllowed { .. }))
        ),
        "{jump:?}"
    );
    assert_eq!(s.get_application(o, app.id).await.unwrap().stage, Stage::Sourced);
    assert_eq!(s.stage_history(o, app.id).await.unwrap().len(), 1);

    // Step by step through every stage.
    let mut last = app.clone();
    for stage in &Stage::FORWARD[1..] {
        let moved = s
            .move_application(o, app.id, *stage, actor, &StageMove::default())
            .await
            .unwrap();
        assert_eq!(moved.stage, *stage);
        assert!(moved.stage_entered_at >= last.stage_entered_at);
        last = moved;
    }
    let history = s.stage_history(o, app.id).await.unwrap();
    let path: Vec<(Option<Stage>, Stage)> = history.iter().map(|h| (h.from, h.to)).collect();
    assert_eq!(
        path,
        [
            (None, Stage::Sourced),
            (Some(Stage::Sourced), Stage::Screening),
            (Some(Stage::Screening), Stage::Submitted),
            (Some(Stage::Submitted), Stage::ClientInterview),
            (Some(Stage::ClientInterview), Stage::Offer),
            (Some(Stage::Offer), Stage::Placed),
        ]
    );
    assert!(history.iter().all(|h| h.by == Some(rec.id)));

    // An administrator may skip, with a reason that the history keeps; rejection needs a listed reason.
    let app2 = s
        .create_application(
            o,
            &NewApplication {
                candidate_id: y.id,
                ..new.clone()
            },
            None,
        )
        .await
        .unwrap();
    let admin = Actor::SYSTEM;
    let note = StageMove {
        note: Some("client interviewed them last month".into()),
        rejection: None,
    };
    s.move_application(o, app2.id, Stage::ClientInterview, admin, &note)
        .await
        .unwrap();
    let no_reason = s
        .move_application(o, app2.id, Stage::Rejected, actor, &StageMove::default())
        .await;
    assert!(matches!(
        no_reason,
        Err(StoreError::Transition(TransitionError::RejectionNeedsReason))
    ));
    let reject = StageMove {
        note: None,
        rejection: Some(RejectionReason::ClientDeclined),
    };
    let rejected = s
        .move_application(o, app2.id, Stage::Rejected, actor, &reject)
        .await
        .unwrap();
    assert_eq!(rejected.rejection, Some(RejectionReason::ClientDeclined));
    let h2 = s.stage_history(o, app2.id).await.unwrap();
    assert_eq!(h2[1].note.as_deref(), Some("client interviewed them last month"));
    assert_eq!(h2[2].rejection, Some(RejectionReason::ClientDeclined));
    // Reopening clears the rejection.
    let reopen = StageMove {
        note: Some("client changed their mind".into()),
        rejection: None,
    };
    let reopened = s
        .move_application(o, app2.id, Stage::Screening, actor, &reopen)
        .await
        .unwrap();
    assert_eq!((reopened.stage, reopened.rejection), (Stage::Screening, None));

    let counts = s.pipeline_counts(o, Some(r.id)).await.unwrap();
    assert_eq!(counts, [(Stage::Screening, 1), (Stage::Placed, 1)]);
    // What the client has been sent: the placed candidate, not the one back in screening.
    let sent = CandidateFilter {
        submitted_to_client: Some(c.id),
        ..Default::default()
    };
    let seen: Vec<CandidateId> = s
        .list_candidates(o, &sent, &PageRequest::first(10))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(seen, [x.id]);
    let elsewhere = s.create_client(o, &client("Summit Health")).await.unwrap();
    let none = CandidateFilter {
        submitted_to_client: Some(elsewhere.id),
        ..Default::default()
    };
    assert!(
        s.list_candidates(o, &none, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let listed = s
        .list_applications(o, &ApplicationFilter::Requisition(r.id))
        .await
        .unwrap();
    assert_eq!(listed.iter().map(|a| a.id).collect::<Vec<_>>(), [app.id, app2.id]);
    assert_eq!(
        s.list_applications(o, &ApplicationFilter::Stage(Stage::Placed))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        s.list_applications(o, &ApplicationFilter::Candidate(y.id))
            .await
            .unwrap()[0]
            .id,
        app2.id
    );
}

pub async fn notes<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let OnePipeline {
        org: o,
        candidate: x,
        application: app,
        ..
    } = one_pipeline(s, "acme").await;
    let author = s
        .create_user(o, &user("rec@acme.test", Role::Recruiter, None))
        .await
        .unwrap();
    let assessment = Assessment {
        strengths: vec!["Beaker CP certified, 4.5 years".into()],
        weaknesses: vec!["No Oracle Health experience".into()],
        recommendation: Some(Recommendation::Yes),
    };
    let n1 = s
        .add_note(
            o,
            NoteSubject::Candidate(x.id),
            Some(author.id),
            &NewNote {
                body: "Called; keen.".into(),
                assessment: Assessment::default(),
                internal: true,
            },
        )
        .await
        .unwrap();
    let n2 = s
        .add_note(
            o,
            NoteSubject::Application(app.id),
            Some(author.id),
            &NewNote {
                body: String::new(),
                assessment: assessment.clone(),
                internal: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        s.list_notes(o, NoteSubject::Candidate(x.id)).await.unwrap(),
        std::slice::from_ref(&n1)
    );
    let on_app = s.list_notes(o, NoteSubject::Application(app.id)).await.unwrap();
    assert_eq!(on_app, std::slice::from_ref(&n2));
    assert_eq!(on_app[0].fields.assessment, assessment);
    let empty = NewNote {
        body: "  ".into(),
        assessment: Assessment::default(),
        internal: true,
    };
    assert!(matches!(
        s.add_note(o, NoteSubject::Candidate(x.id), None, &empty).await,
        Err(StoreError::Invalid(_))
    ));
    assert_not_found(
        s.add_note(o, NoteSubject::Candidate(CandidateId::new()), None, &n2.fields)
            .await,
        "candidate",
    );
    // Corrections keep the note's identity, subject, author and time.
    let corrected = NewNote {
        body: "Called twice; keen, available in March.".into(),
        internal: false,
        ..n1.fields.clone()
    };
    let edited = s.update_note(o, n1.id, &corrected).await.unwrap();
    assert_eq!(
        (edited.id, edited.subject, edited.author, edited.created_at),
        (n1.id, n1.subject, n1.author, n1.created_at)
    );
    assert_eq!(edited.fields, corrected);
    assert!(matches!(
        s.update_note(o, n1.id, &empty).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        s.list_notes(o, NoteSubject::Candidate(x.id)).await.unwrap(),
        std::slice::from_ref(&edited)
    );
    s.delete_note(o, n1.id).await.unwrap();
    assert!(
        s.list_notes(o, NoteSubject::Candidate(x.id))
            .await
            .unwrap()
            .is_empty()
    );
    assert_not_found(s.delete_note(o, n1.id).await, "note");
    assert_not_found(s.update_note(o, n1.id, &corrected).await, "note");
    // Deleting the candidate takes their notes and applications along.
    s.delete_candidate(o, x.id).await.unwrap();
    assert!(
        s.list_notes(o, NoteSubject::Application(app.id))
            .await
            .unwrap()
            .is_empty()
    );
    assert_not_found(s.get_application(o, app.id).await, "application");
}

pub async fn change_feed_order<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let OnePipeline {
        org: o,
        client: c,
        requisition: r,
        candidate: x,
        application: app,
    } = one_pipeline(s, "acme").await;
    s.move_application(o, app.id, Stage::Screening, Actor::SYSTEM, &StageMove::default())
        .await
        .unwrap();
    let mut fields = x.fields.clone();
    fields.headline = Some("Beaker analyst".into());
    s.update_candidate(o, x.id, &fields).await.unwrap();

    let all = feed_at_least(s, FeedCursor::START, 7).await;
    let got: Vec<(EntityKind, uuid::Uuid)> = all.iter().map(|c| (c.entity, c.entity_id)).collect();
    assert_eq!(
        got,
        [
            (EntityKind::Organization, o.0),
            (EntityKind::Client, c.id.0),
            (EntityKind::Requisition, r.id.0),
            (EntityKind::Candidate, x.id.0),
            (EntityKind::Application, app.id.0),
            (EntityKind::Application, app.id.0),
            (EntityKind::Candidate, x.id.0),
        ],
        "one entry per write, in the order written"
    );
    assert!(all.iter().skip(1).all(|c| c.org_id == o));
    assert!(
        all.windows(2).all(|w| w[0].cursor < w[1].cursor),
        "cursors strictly increase"
    );

    // Reading in small pages from the last cursor yields the same sequence, each change once.
    let mut cursor = FeedCursor::START;
    let mut paged = Vec::new();
    loop {
        let batch = s.changes_since(cursor, 3).await.unwrap();
        let Some(last) = batch.last() else { break };
        cursor = last.cursor;
        paged.extend(batch);
    }
    assert_eq!(paged, all);
    assert!(s.changes_since(cursor, 10).await.unwrap().is_empty());
    // A later write appears after the cursor.
    s.create_candidate(o, &candidate("Ben Cole", None)).await.unwrap();
    let more = feed_at_least(s, cursor, 1).await;
    assert_eq!(more.len(), 1);
    assert_eq!(more[0].entity, EntityKind::Candidate);
}

pub async fn change_feed_records_deletes<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let OnePipeline {
        org: o,
        candidate: x,
        application: app,
        ..
    } = one_pipeline(s, "acme").await;
    let cursor = feed_at_least(s, FeedCursor::START, 5)
        .await
        .last()
        .unwrap()
        .cursor;
    s.delete_candidate(o, x.id).await.unwrap();
    let after: Vec<(EntityKind, uuid::Uuid, ChangeOp)> = feed_at_least(s, cursor, 2)
        .await
        .into_iter()
        .map(|c| (c.entity, c.entity_id, c.op))
        .collect();
    assert_eq!(
        after,
        [
            (EntityKind::Application, app.id.0, ChangeOp::Delete),
            (EntityKind::Candidate, x.id.0, ChangeOp::Delete)
        ]
    );
}

pub async fn concurrent_writers<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let tasks: Vec<_> = (0..8)
        .map(|t| {
            let s = s.clone();
            tokio::spawn(async move {
                for i in 0..25 {
                    s.create_candidate(
                        o,
                        &candidate(
                            &format!("Task{t} Person{i}"),
                            Some(&format!("t{t}.{i}@example.org")),
                        ),
                    )
                    .await
                    .unwrap_or_else(|e| panic!("writer {t} failed on write {i}: {e:?}"));
                }
            })
        })
        .collect();
    for t in futures::future::join_all(tasks).await {
        t.expect("writer task panicked");
    }
    assert_eq!(s.count_candidates(o).await.unwrap(), 200);
    let feed = feed_at_least(s, FeedCursor::START, 201).await;
    assert_eq!(
        feed.iter().filter(|c| c.entity == EntityKind::Candidate).count(),
        200
    );
    assert_eq!(
        feed.iter().map(|c| c.cursor).collect::<HashSet<_>>().len(),
        feed.len()
    );
}

pub async fn concurrent_requisition_references<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let c = s.create_client(o, &client("Mercy General")).await.unwrap();
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let s = s.clone();
            tokio::spawn(async move {
                s.create_requisition(o, &requisition(c.id, &format!("Role {i}")))
                    .await
                    .unwrap()
                    .reference
            })
        })
        .collect();
    let refs: HashSet<String> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    let expected: HashSet<String> = (1..=10).map(|n| format!("REQ-{n:04}")).collect();
    assert_eq!(refs, expected);
}

/// Two independent handles on one database (as two processes would have) writing at the same time.
pub async fn two_handles_write_at_once<S: Store>(db: &TestDb<S>) {
    let first = db.store.clone();
    let second = (db.reopen)().await;
    let o = new_org(&first, "acme").await;
    let write = |s: S, tag: &'static str| {
        tokio::spawn(async move {
            for i in 0..40 {
                s.create_candidate(o, &candidate(&format!("{tag} {i}"), None))
                    .await
                    .unwrap_or_else(|e| panic!("{tag} {i}: {e:?}"));
            }
        })
    };
    let (a, b) = tokio::join!(write(first.clone(), "First"), write(second.clone(), "Second"));
    a.unwrap();
    b.unwrap();
    assert_eq!(first.count_candidates(o).await.unwrap(), 80);
    assert_eq!(second.count_candidates(o).await.unwrap(), 80);
}

pub async fn migrations_are_idempotent<S: Store>(db: &TestDb<S>) {
    let report = db.store.migrate().await.unwrap();
    assert!(report.applied.is_empty(), "already migrated: {report:?}");
    assert_eq!(report.from_version, report.to_version);
    assert!(report.to_version >= 1);
}

pub async fn newer_schema_is_refused<S: Store>(db: &TestDb<S>) {
    let o = new_org(&db.store, "acme").await;
    // Pretend a future hitstaff migrated this database.
    (db.raw)(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         SELECT 99990101000000, 'from the future', TRUE, checksum, 0 FROM _sqlx_migrations LIMIT 1",
    )
    .await;
    match db.store.migrate().await {
        Err(e @ StoreError::SchemaTooNew { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("99990101000000") && msg.contains("newer than this hitstaff"),
                "{msg}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // The data is untouched.
    assert_eq!(db.store.get_organization(o).await.unwrap().slug, "acme");
}

fn hash(s: &str) -> String {
    // Stand-in for the SHA-256 the web layer computes; the store only compares it.
    format!("{s:0>64}")
}

pub async fn sessions<S: Store>(db: &TestDb<S>) {
    use hitstaff_store::NewSession;
    use time::macros::datetime;
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let rec = s
        .create_user(o, &user("rec@acme.test", Role::Recruiter, None))
        .await
        .unwrap();
    let start = datetime!(2030-01-01 09:00:16.2 UTC);
    let new = |token: &str, expires_at| NewSession {
        token_hash: hash(token),
        org: o,
        user: rec.id,
        csrf_token: format!("csrf-{token}"),
        expires_at,
    };
    let opened = s
        .create_session(&new("a", start + time::Duration::hours(8)))
        .await
        .unwrap();
    assert_eq!((opened.user.id, opened.csrf_token.as_str()), (rec.id, "csrf-a"));
    let found = s
        .session(&hash("a"), start)
        .await
        .unwrap()
        .expect("an open session is found");
    assert_eq!(found.user, rec);
    assert!(s.session(&hash("nope"), start).await.unwrap().is_none());

    // Within one second: expires at .25, asked at .2, so still open (text order would say not).
    s.create_session(&new("b", datetime!(2030-01-01 09:00:16.25 UTC)))
        .await
        .unwrap();
    assert!(
        s.session(&hash("b"), start).await.unwrap().is_some(),
        "16.25 is after 16.2"
    );
    assert!(
        s.session(&hash("b"), datetime!(2030-01-01 09:00:16.3 UTC))
            .await
            .unwrap()
            .is_none()
    );

    // Activity moves last_seen_at (the idle clock).
    let later = now();
    s.touch_session(&hash("a"), later).await.unwrap();
    assert_eq!(
        s.session(&hash("a"), start).await.unwrap().unwrap().last_seen_at,
        later
    );

    // Purging takes only what has ended.
    assert_eq!(
        s.purge_expired_sessions(datetime!(2030-01-01 09:00:17 UTC))
            .await
            .unwrap(),
        1
    );
    assert!(s.session(&hash("a"), start).await.unwrap().is_some());

    // Signing out ends one session; deactivating the account ends them all.
    s.create_session(&new("c", start + time::Duration::hours(8)))
        .await
        .unwrap();
    s.end_session(&hash("c")).await.unwrap();
    assert!(s.session(&hash("c"), start).await.unwrap().is_none());
    s.create_session(&new("d", start + time::Duration::hours(8)))
        .await
        .unwrap();
    s.update_user(
        o,
        rec.id,
        &UserUpdate {
            active: Some(false),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(s.session(&hash("a"), start).await.unwrap().is_none());
    assert!(s.session(&hash("d"), start).await.unwrap().is_none());
    assert_not_found(
        s.create_session(&new("e", start + time::Duration::hours(8)))
            .await,
        "user",
    );

    // end_user_sessions counts, and another organisation cannot open a session for this user.
    let other = s
        .create_user(o, &user("other@acme.test", Role::Auditor, None))
        .await
        .unwrap();
    let for_other = |t: &str| NewSession {
        user: other.id,
        ..new(t, start + time::Duration::hours(1))
    };
    s.create_session(&for_other("f")).await.unwrap();
    s.create_session(&for_other("g")).await.unwrap();
    assert_eq!(s.end_user_sessions(o, other.id).await.unwrap(), 2);
    let b = new_org(s, "firm-b").await;
    assert_not_found(
        s.create_session(&NewSession {
            org: b,
            ..for_other("h")
        })
        .await,
        "user",
    );
}

pub async fn api_tokens<S: Store>(db: &TestDb<S>) {
    use hitstaff_domain::Scope;
    use hitstaff_store::NewApiToken;
    use time::macros::datetime;
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let admin = s
        .create_user(o, &user("admin@acme.test", Role::Admin, None))
        .await
        .unwrap();
    let at = datetime!(2030-01-01 12:00 UTC);
    let token = |name: &str, secret: &str, expires_at| NewApiToken {
        name: name.into(),
        token_hash: hash(secret),
        scopes: vec![Scope::CandidatesRead, Scope::RequisitionsRead],
        created_by: admin.id,
        expires_at,
    };
    let hr = s
        .create_api_token(o, &token("  HR   system ", "s1", None))
        .await
        .unwrap();
    assert_eq!((hr.name.as_str(), hr.revoked_at), ("HR system", None));
    assert_eq!(s.api_token(&hash("s1"), at).await.unwrap(), Some(hr.clone()));
    assert_eq!(
        conflict(s.create_api_token(o, &token("HR system", "s2", None)).await),
        "api_tokens_org_name_key"
    );
    let no_scopes = NewApiToken {
        scopes: vec![],
        ..token("Empty", "s3", None)
    };
    assert!(matches!(
        s.create_api_token(o, &no_scopes).await,
        Err(StoreError::Invalid(_))
    ));

    // Expired and revoked tokens stop working; revoking is idempotent and keeps the first time.
    s.create_api_token(o, &token("VMS feed", "s4", Some(at)))
        .await
        .unwrap();
    assert!(
        s.api_token(&hash("s4"), at - time::Duration::seconds(1))
            .await
            .unwrap()
            .is_some()
    );
    assert!(s.api_token(&hash("s4"), at).await.unwrap().is_none());
    let revoked = s.revoke_api_token(o, hr.id, at).await.unwrap();
    assert_eq!(revoked.revoked_at, Some(at));
    assert_eq!(
        s.revoke_api_token(o, hr.id, at + time::Duration::hours(1))
            .await
            .unwrap()
            .revoked_at,
        Some(at)
    );
    assert!(s.api_token(&hash("s1"), at).await.unwrap().is_none());
    assert_eq!(s.list_api_tokens(o).await.unwrap().len(), 2);

    let b = new_org(s, "firm-b").await;
    assert!(s.list_api_tokens(b).await.unwrap().is_empty());
    assert_not_found(s.revoke_api_token(b, hr.id, at).await, "API token");
}

pub async fn account_events<S: Store>(db: &TestDb<S>) {
    use hitstaff_domain::AuthEventKind;
    use hitstaff_store::{AuthEvent, AuthEventKey};
    use time::macros::datetime;
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let rec = s
        .create_user(o, &user("rec@acme.test", Role::Recruiter, None))
        .await
        .unwrap();
    let base = datetime!(2030-01-01 08:00:05.2 UTC);
    let failure = |i: i64| AuthEvent {
        org: None,
        user: None,
        kind: AuthEventKind::SignInFailed,
        subject_hash: Some(hash("rec")),
        address: Some("203.0.113.7".into()),
        at: base + time::Duration::milliseconds(10 * i),
    };
    for i in 0..5 {
        s.record_auth_event(&failure(i)).await.unwrap();
    }
    let subject = AuthEventKey::Subject(hash("rec"));
    let address = AuthEventKey::Address("203.0.113.7".into());
    let pair = |address: &str| AuthEventKey::Pair {
        subject: hash("rec"),
        address: address.into(),
    };
    s.record_auth_event(&AuthEvent {
        address: Some("198.51.100.4".into()),
        at: base - time::Duration::seconds(1),
        ..failure(0)
    })
    .await
    .unwrap();
    let tally = s
        .tally_auth_events(AuthEventKind::SignInFailed, &pair("203.0.113.7"), base)
        .await
        .unwrap();
    assert_eq!(tally.count, 5, "one account from one address");
    assert_eq!(
        tally.last,
        Some(base + time::Duration::milliseconds(40)),
        "the newest"
    );
    let elsewhere = s
        .tally_auth_events(
            AuthEventKind::SignInFailed,
            &pair("198.51.100.4"),
            base - time::Duration::seconds(5),
        )
        .await
        .unwrap();
    assert_eq!(elsewhere.count, 1);
    let none = s
        .tally_auth_events(AuthEventKind::SignInFailed, &pair("192.0.2.1"), base)
        .await
        .unwrap();
    assert_eq!(none, hitstaff_store::AuthTally::default());
    assert_eq!(
        s.tally_auth_events(AuthEventKind::SignInFailed, &subject, base)
            .await
            .unwrap()
            .count,
        5
    );
    // 5.22 and later: three of them (5.22, 5.23, 5.24), compared as instants within one second.
    let since = datetime!(2030-01-01 08:00:05.22 UTC);
    assert_eq!(
        s.tally_auth_events(AuthEventKind::SignInFailed, &subject, since)
            .await
            .unwrap()
            .count,
        3
    );
    assert_eq!(
        s.tally_auth_events(AuthEventKind::SignInFailed, &address, since)
            .await
            .unwrap()
            .count,
        3
    );
    assert_eq!(
        s.tally_auth_events(AuthEventKind::SignedIn, &subject, base)
            .await
            .unwrap()
            .count,
        0
    );

    let signed_in = AuthEvent {
        org: Some(o),
        user: Some(rec.id),
        kind: AuthEventKind::SignedIn,
        subject_hash: None,
        address: None,
        at: base,
    };
    s.record_auth_event(&signed_in).await.unwrap();
    let signed_out = AuthEvent {
        kind: AuthEventKind::SignedOut,
        ..signed_in.clone()
    };
    s.record_auth_event(&signed_out).await.unwrap();
    let listed = s.list_auth_events(o, Some(rec.id), 10).await.unwrap();
    assert_eq!(
        listed.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [AuthEventKind::SignedOut, AuthEventKind::SignedIn]
    );
    let b = new_org(s, "firm-b").await;
    assert!(s.list_auth_events(b, None, 10).await.unwrap().is_empty());
}

pub async fn invitations<S: Store>(db: &TestDb<S>) {
    use hitstaff_store::NewInvitation;
    use time::macros::datetime;
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let admin = s
        .create_user(o, &user("admin@acme.test", Role::Admin, None))
        .await
        .unwrap();
    let new = s
        .create_user(o, &user("new@acme.test", Role::Recruiter, None))
        .await
        .unwrap();
    let at = datetime!(2030-01-01 12:00 UTC);
    let invite = |secret: &str| NewInvitation {
        token_hash: hash(secret),
        user: new.id,
        created_by: admin.id,
        expires_at: at + time::Duration::days(7),
    };
    let first = s.create_invitation(o, &invite("link-1")).await.unwrap();
    assert!(first.is_pending(at));
    let (found, who) = s.invitation(&hash("link-1"), at).await.unwrap().unwrap();
    assert_eq!((found.id, who.id), (first.id, new.id));

    // A second link replaces the first: only the newest works.
    let second = s.create_invitation(o, &invite("link-2")).await.unwrap();
    assert!(s.invitation(&hash("link-1"), at).await.unwrap().is_none());
    assert_not_found(
        s.accept_invitation(&hash("link-1"), "hash-1", at).await,
        "invitation",
    );

    // Expired links do not work; a live one sets the password once.
    let late = at + time::Duration::days(8);
    assert!(s.invitation(&hash("link-2"), late).await.unwrap().is_none());
    assert_not_found(
        s.accept_invitation(&hash("link-2"), "hash-2", late).await,
        "invitation",
    );
    let accepted = s.accept_invitation(&hash("link-2"), "hash-2", at).await.unwrap();
    assert_eq!(accepted.id, new.id);
    let record = s
        .user_for_sign_in(&Email::parse("new@acme.test").unwrap())
        .await
        .unwrap()
        .remove(0);
    assert_eq!(record.password_hash.as_deref(), Some("hash-2"));
    assert_not_found(
        s.accept_invitation(&hash("link-2"), "hash-3", at).await,
        "invitation",
    );

    let all = s.list_invitations(o).await.unwrap();
    assert_eq!(
        all.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![second.id, first.id]
    );
    assert!(all[0].accepted_at.is_some() && all[1].revoked_at.is_some());

    // Revoking works inside the organisation only and keeps the first time.
    let third = s.create_invitation(o, &invite("link-3")).await.unwrap();
    let b = new_org(s, "firm-b").await;
    assert_not_found(s.revoke_invitation(b, third.id, at).await, "invitation");
    assert!(s.list_invitations(b).await.unwrap().is_empty());
    let revoked = s.revoke_invitation(o, third.id, at).await.unwrap();
    assert_eq!(revoked.revoked_at, Some(at));
    assert!(s.invitation(&hash("link-3"), at).await.unwrap().is_none());
}

pub async fn dashboard_activity<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let p = one_pipeline(s, "acme").await;
    let o = p.org;
    let other = s.create_client(o, &client("St. Luke's")).await.unwrap();
    let quiet = s
        .create_requisition(o, &requisition(other.id, "Cerner PathNet analyst"))
        .await
        .unwrap();
    let before_moves = now();
    for stage in [Stage::Screening, Stage::Submitted] {
        s.move_application(o, p.application.id, stage, Actor::SYSTEM, &StageMove::default())
            .await
            .unwrap();
    }

    let moves = s.recent_moves(o, None, 10).await.unwrap();
    let stages: Vec<Stage> = moves.iter().map(|m| m.change.to).collect();
    assert_eq!(stages, vec![Stage::Submitted, Stage::Screening, Stage::Sourced]);
    assert_eq!(moves[0].candidate_name, "Ana Lopez");
    assert_eq!(
        (moves[0].requisition_id, moves[0].requisition_title.as_str()),
        (p.requisition.id, "Beaker analyst")
    );
    assert_eq!(s.recent_moves(o, None, 1).await.unwrap().len(), 1);
    // A client sees only moves of applications that reached it, and only from submission on.
    let for_client = s.recent_moves(o, Some(p.client.id), 10).await.unwrap();
    assert_eq!(
        for_client.iter().map(|m| m.change.to).collect::<Vec<_>>(),
        vec![Stage::Submitted]
    );
    assert!(s.recent_moves(o, Some(other.id), 10).await.unwrap().is_empty());

    let activity = s.requisition_activity(o, None).await.unwrap();
    let of = |id| activity.iter().find(|(r, _)| *r == id).map(|(_, at)| *at);
    assert!(of(p.requisition.id).unwrap() >= before_moves);
    assert_eq!(of(quiet.id), Some(quiet.updated_at));
    assert_eq!(s.requisition_activity(o, Some(other.id)).await.unwrap().len(), 1);
    // Filled and cancelled requisitions are not waiting for anything.
    s.set_requisition_status(o, quiet.id, RequisitionStatus::Cancelled)
        .await
        .unwrap();
    assert!(
        s.requisition_activity(o, Some(other.id))
            .await
            .unwrap()
            .is_empty()
    );

    let b = new_org(s, "firm-b").await;
    assert!(s.recent_moves(b, None, 10).await.unwrap().is_empty());
    assert!(s.requisition_activity(b, None).await.unwrap().is_empty());
}

pub async fn imported_histories<S: Store>(db: &TestDb<S>) {
    use hitstaff_domain::StageChange;
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let c = s.create_client(o, &client("Mercy General")).await.unwrap();
    let r = s
        .create_requisition(o, &requisition(c.id, "Beaker analyst"))
        .await
        .unwrap();
    let x = s
        .create_candidate(o, &candidate("Ana Lopez", None))
        .await
        .unwrap();
    let start = now() - time::Duration::days(30);
    let entry = |from: Option<Stage>, to: Stage, days: i64| StageChange {
        application_id: hitstaff_domain::ApplicationId::new(),
        from,
        to,
        at: start + time::Duration::days(days),
        by: None,
        note: None,
        rejection: None,
    };
    let good = vec![
        entry(None, Stage::Sourced, 0),
        entry(Some(Stage::Sourced), Stage::Screening, 2),
        entry(Some(Stage::Screening), Stage::Submitted, 5),
        StageChange {
            rejection: Some(RejectionReason::ClientDeclined),
            ..entry(Some(Stage::Submitted), Stage::Rejected, 12)
        },
    ];
    // Broken histories are refused whole, and nothing is stored.
    let skipped = vec![
        entry(None, Stage::Sourced, 0),
        entry(Some(Stage::Sourced), Stage::Offer, 1),
    ];
    let backwards = vec![
        entry(None, Stage::Sourced, 3),
        entry(Some(Stage::Sourced), Stage::Screening, 1),
    ];
    let future = vec![entry(None, Stage::Sourced, 31)];
    let broken_chain = vec![
        entry(None, Stage::Sourced, 0),
        entry(Some(Stage::Offer), Stage::Placed, 1),
    ];
    for bad in [skipped, backwards, future, broken_chain, vec![]] {
        assert!(
            matches!(
                s.import_application(o, x.id, r.id, &bad).await,
                Err(StoreError::Invalid(_))
            ),
            "{bad:?}"
        );
    }
    assert!(
        s.list_applications(o, &ApplicationFilter::Requisition(r.id))
            .await
            .unwrap()
            .is_empty()
    );

    let app = s.import_application(o, x.id, r.id, &good).await.unwrap();
    assert_eq!(
        (app.stage, app.rejection, app.stage_entered_at),
        (Stage::Rejected, Some(RejectionReason::ClientDeclined), good[3].at)
    );
    assert_eq!(app.created_at, good[0].at);
    let history = s.stage_history(o, app.id).await.unwrap();
    assert_eq!(
        history.iter().map(|h| (h.from, h.to, h.at)).collect::<Vec<_>>(),
        good.iter().map(|h| (h.from, h.to, h.at)).collect::<Vec<_>>()
    );
    // Recent activity goes by when things happened, not by when they were imported.
    let y = s.create_candidate(o, &candidate("Ben Cole", None)).await.unwrap();
    let mid = vec![StageChange {
        at: start + time::Duration::days(7),
        ..entry(None, Stage::Sourced, 0)
    }];
    s.import_application(o, y.id, r.id, &mid).await.unwrap();
    let times: Vec<_> = s
        .recent_moves(o, None, 10)
        .await
        .unwrap()
        .iter()
        .map(|m| m.change.at)
        .collect();
    assert_eq!(times.len(), 5);
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "latest first: {times:?}");
    // The pipeline last moved 18 days ago: the requisition is quiet, though opened today.
    let activity = s.requisition_activity(o, None).await.unwrap();
    assert_eq!(activity, vec![(r.id, good[3].at)]);
    // The same pair twice is a clash, as with create_application; another tenant cannot import.
    assert_eq!(
        conflict(s.import_application(o, x.id, r.id, &good).await),
        "applications_candidate_requisition_key"
    );
    let b = new_org(s, "firm-b").await;
    assert_not_found(s.import_application(b, x.id, r.id, &good).await, "candidate");
}

pub async fn resumes_and_corrections<S: Store>(db: &TestDb<S>) {
    use hitstaff_domain::{Correction, CredentialLevel, DuplicateReason, NewResume};
    use hitstaff_store::{DuplicateProbe, ResumeOwner};
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let other = new_org(s, "other").await;
    let mut ana = candidate("Ana Lopez", Some("ana@example.org"));
    ana.phone = Some(Phone::parse("(512) 555-0101").unwrap());
    let ana = s.create_candidate(o, &ana).await.unwrap();
    let bo = s.create_candidate(o, &candidate("Bo Chen", None)).await.unwrap();
    let content: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let new = NewResume {
        file_name: "Ana Lopez – CV.pdf".into(),
        format: "pdf".into(),
        media_type: "application/pdf".into(),
        sha256: "ab".repeat(32),
        content: content.clone(),
        text: "Ana Lopez\nEpic Beaker".into(),
        parsed_json: "{\"basics\":{}}".into(),
    };
    let (owner, info) = s
        .file_resume(o, ResumeOwner::AsIs(ana.id), &new, None)
        .await
        .unwrap();
    assert_eq!(
        (owner, info.candidate_id, info.size_bytes),
        (ana.id, ana.id, 70_000)
    );
    assert_eq!(info.file_name, "Ana Lopez – CV.pdf");
    // The same file twice is one resume; another organisation may hold the same file.
    assert_eq!(
        conflict(s.file_resume(o, ResumeOwner::AsIs(ana.id), &new, None).await),
        "resumes_org_sha256_key"
    );
    // One file, one transaction: a candidate whose resume cannot be stored is not stored either,
    // and an update to one is undone with it.
    let before = s.count_candidates(o).await.unwrap();
    let newcomer = candidate("Cy Newcomer", Some("cy@example.org"));
    assert_eq!(
        conflict(s.file_resume(o, ResumeOwner::New(&newcomer), &new, None).await),
        "resumes_org_sha256_key"
    );
    assert_eq!(
        s.count_candidates(o).await.unwrap(),
        before,
        "no candidate without their resume"
    );
    let mut renamed = s.get_candidate(o, bo.id).await.unwrap().fields;
    renamed.name = PersonName::parse("Bo Renamed").unwrap();
    assert_eq!(
        conflict(
            s.file_resume(o, ResumeOwner::Updated(bo.id, &renamed), &new, None)
                .await
        ),
        "resumes_org_sha256_key"
    );
    assert_eq!(
        s.get_candidate(o, bo.id).await.unwrap().fields.name.as_str(),
        "Bo Chen",
        "the update went with the resume that failed"
    );
    // A new candidate and their resume, together.
    let (cy, cy_resume) = s
        .file_resume(
            o,
            ResumeOwner::New(&newcomer),
            &NewResume {
                sha256: "c7".repeat(32),
                ..new.clone()
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(cy_resume.candidate_id, cy);
    assert_eq!(
        s.get_candidate(o, cy).await.unwrap().fields.name.as_str(),
        "Cy Newcomer"
    );
    s.delete_candidate(o, cy).await.unwrap();
    let theirs = s
        .create_candidate(other, &candidate("Ana Lopez", Some("ana@example.org")))
        .await
        .unwrap();
    s.file_resume(other, ResumeOwner::AsIs(theirs.id), &new, None)
        .await
        .unwrap();
    assert_eq!(
        s.resume_by_sha256(o, &new.sha256).await.unwrap().map(|r| r.id),
        Some(info.id)
    );
    assert!(s.resume_by_sha256(o, &"cd".repeat(32)).await.unwrap().is_none());
    // Bytes come back exactly; text and profile can be read again later.
    assert_eq!(s.resume_content(o, info.id).await.unwrap(), content);
    let full = s.get_resume(o, info.id).await.unwrap();
    assert_eq!(
        (full.text.as_str(), full.info.id),
        ("Ana Lopez\nEpic Beaker", info.id)
    );
    s.update_resume_parse(o, info.id, "Ana Lopez\nEpic Beaker CP", "{\"work\":[]}")
        .await
        .unwrap();
    assert_eq!(
        s.get_resume(o, info.id).await.unwrap().parsed_json,
        "{\"work\":[]}"
    );
    assert_not_found(s.get_resume(other, info.id).await, "resume");
    assert_not_found(s.resume_content(other, info.id).await, "resume");
    let (_, second) = s
        .file_resume(
            o,
            ResumeOwner::AsIs(ana.id),
            &NewResume {
                sha256: "ef".repeat(32),
                ..new.clone()
            },
            None,
        )
        .await
        .unwrap();
    let listed: Vec<_> = s
        .list_resumes(o, ana.id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(listed, vec![second.id, info.id], "newest first");
    assert!(s.list_resumes(o, bo.id).await.unwrap().is_empty());

    // Every text of the organisation, a page at a time in id order (for search indexes).
    let mut ids = [info.id, second.id];
    ids.sort();
    let page = s.resume_texts(o, None, 1).await.unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!((page[0].0, page[0].1), (ids[0], ana.id));
    assert!(!page[0].2.is_empty(), "the text comes along");
    let rest = s.resume_texts(o, Some(page[0].0), 10).await.unwrap();
    assert_eq!(rest.iter().map(|r| r.0).collect::<Vec<_>>(), vec![ids[1]]);
    assert!(s.resume_texts(o, Some(ids[1]), 10).await.unwrap().is_empty());
    let elsewhere = s
        .create_organization(&hitstaff_domain::NewOrganization::parse("Elsewhere", "elsewhere-r").unwrap())
        .await
        .unwrap();
    assert!(s.resume_texts(elsewhere.id, None, 10).await.unwrap().is_empty());

    // Corrections: one per field, the latest wins, withdrawn on request.
    let name = Correction::Name {
        value: "Ana María López".into(),
    };
    s.set_correction(o, ana.id, &name, None).await.unwrap();
    let removed = Correction::SkillRemoved {
        skill: skill("epic.cadence"),
    };
    s.set_correction(o, ana.id, &removed, None).await.unwrap();
    let kept = Correction::Skill {
        skill: skill("epic.cadence"),
        level: CredentialLevel::Proficient,
        years_tenths: 20,
        last_used_year: Some(2024),
    };
    s.set_correction(o, ana.id, &kept, None).await.unwrap();
    let list: Vec<Correction> = s
        .list_corrections(o, ana.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.correction)
        .collect();
    assert_eq!(list, vec![name.clone(), kept.clone()]);
    s.remove_correction(o, ana.id, "skill:epic.cadence")
        .await
        .unwrap();
    assert_not_found(
        s.remove_correction(o, ana.id, "skill:epic.cadence").await,
        "correction",
    );
    assert!(s.list_corrections(other, ana.id).await.unwrap().is_empty());

    // Duplicates: by email, phone (however typed), and name in the city, each candidate once.
    let probe =
        |email: Option<&str>, phone: Option<&str>, name: Option<&str>, city: Option<&str>| DuplicateProbe {
            email: email.map(|e| Email::parse(e).unwrap()),
            phone: phone.map(|p| Phone::parse(p).unwrap()),
            name: name.map(str::to_string),
            city: city.map(str::to_string),
        };
    let found = |r: Vec<(hitstaff_domain::Candidate, DuplicateReason)>| {
        r.into_iter().map(|(c, why)| (c.id, why)).collect::<Vec<_>>()
    };
    assert_eq!(
        found(
            s.find_duplicates(
                o,
                &probe(Some("ANA@example.org"), Some("512-555-0101"), None, None)
            )
            .await
            .unwrap()
        ),
        vec![(ana.id, DuplicateReason::SameEmail)]
    );
    assert_eq!(
        found(
            s.find_duplicates(o, &probe(None, Some("+1 512 555 0101"), None, None))
                .await
                .unwrap()
        ),
        vec![(ana.id, DuplicateReason::SamePhone)]
    );
    assert_eq!(
        found(
            s.find_duplicates(o, &probe(None, None, Some("bo chen"), Some("AUSTIN")))
                .await
                .unwrap()
        ),
        vec![(bo.id, DuplicateReason::SameNameAndCity)]
    );
    assert!(
        s.find_duplicates(o, &probe(None, None, Some("Bo Chen"), Some("Dallas")))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.find_duplicates(o, &probe(None, None, None, None))
            .await
            .unwrap()
            .is_empty()
    );

    // Deleting the candidate takes their resumes and corrections with them.
    s.delete_candidate(o, ana.id).await.unwrap();
    assert!(s.resume_by_sha256(o, &new.sha256).await.unwrap().is_none());
    assert!(s.list_corrections(o, ana.id).await.unwrap().is_empty());
    assert!(s.resume_by_sha256(other, &new.sha256).await.unwrap().is_some());
}

pub async fn organisation_settings<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let other = new_org(s, "other").await;
    assert_eq!(
        s.org_setting(o, "matching.weights").await.unwrap(),
        None,
        "unset means the default"
    );
    s.set_org_setting(o, "matching.weights", "{\"pay\":0}", None)
        .await
        .unwrap();
    s.set_org_setting(o, "matching.weights", "{\"pay\":20}", None)
        .await
        .unwrap();
    assert_eq!(
        s.org_setting(o, "matching.weights").await.unwrap().as_deref(),
        Some("{\"pay\":20}")
    );
    assert_eq!(
        s.org_setting(other, "matching.weights").await.unwrap(),
        None,
        "each organisation its own"
    );
}

pub async fn idempotency_keys<S: Store>(db: &TestDb<S>) {
    use hitstaff_store::{IdempotentStart, StoredAnswer};
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let ana = s
        .create_user(o, &user("ana@acme.test", Role::Recruiter, None))
        .await
        .unwrap()
        .id;
    let bo = s
        .create_user(o, &user("bo@acme.test", Role::Recruiter, None))
        .await
        .unwrap()
        .id;
    let day_ago = now() - time::Duration::days(1);
    assert_eq!(
        s.start_idempotent(o, ana, "k1", "POST /x abc", day_ago)
            .await
            .unwrap(),
        IdempotentStart::Fresh
    );
    // A retry before the first answer: not run again.
    assert!(matches!(
        s.start_idempotent(o, ana, "k1", "POST /x abc", day_ago)
            .await
            .unwrap(),
        IdempotentStart::Unanswered { .. }
    ));
    let answer = StoredAnswer {
        status: 201,
        content_type: Some("application/json".into()),
        body: b"{\"id\":1}".to_vec(),
    };
    s.finish_idempotent(o, ana, "k1", &answer).await.unwrap();
    assert_eq!(
        s.start_idempotent(o, ana, "k1", "POST /x abc", day_ago)
            .await
            .unwrap(),
        IdempotentStart::Answered(answer.clone())
    );
    assert_eq!(
        s.start_idempotent(o, ana, "k1", "POST /x other", day_ago)
            .await
            .unwrap(),
        IdempotentStart::OtherRequest
    );
    // Keys are each user's own.
    assert_eq!(
        s.start_idempotent(o, bo, "k1", "POST /x abc", day_ago)
            .await
            .unwrap(),
        IdempotentStart::Fresh
    );
    // A released key runs afresh; an answered one is never released.
    s.release_idempotent(o, bo, "k1").await.unwrap();
    assert_eq!(
        s.start_idempotent(o, bo, "k1", "POST /x abc", day_ago)
            .await
            .unwrap(),
        IdempotentStart::Fresh
    );
    s.release_idempotent(o, ana, "k1").await.unwrap();
    assert_eq!(
        s.start_idempotent(o, ana, "k1", "POST /x abc", day_ago)
            .await
            .unwrap(),
        IdempotentStart::Answered(answer)
    );
    // After a day the key is forgotten.
    assert_eq!(
        s.start_idempotent(o, ana, "k1", "POST /x abc", now() + time::Duration::seconds(1))
            .await
            .unwrap(),
        IdempotentStart::Fresh
    );
}

pub async fn candidate_versions<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let o = new_org(s, "acme").await;
    let read = s
        .create_candidate(o, &candidate("Ana Lopez", Some("ana@example.org")))
        .await
        .unwrap();
    // Two people open the same record; the first to save wins.
    let mut first = read.fields.clone();
    first.headline = Some("Epic Beaker Analyst".into());
    let saved = s
        .update_candidate_from(o, read.id, read.updated_at, &first)
        .await
        .unwrap();
    assert_eq!(saved.fields.headline.as_deref(), Some("Epic Beaker Analyst"));
    let mut second = read.fields.clone();
    second.headline = Some("Cerner PathNet Analyst".into());
    assert_eq!(
        conflict(
            s.update_candidate_from(o, read.id, read.updated_at, &second)
                .await
        ),
        "candidates_changed_meanwhile"
    );
    assert_eq!(
        s.get_candidate(o, read.id)
            .await
            .unwrap()
            .fields
            .headline
            .as_deref(),
        Some("Epic Beaker Analyst"),
        "the refused save changed nothing"
    );
    // Saved against the version now on file, it goes through.
    let again = s
        .update_candidate_from(o, read.id, saved.updated_at, &second)
        .await
        .unwrap();
    assert_eq!(again.fields.headline.as_deref(), Some("Cerner PathNet Analyst"));
    assert_not_found(
        s.update_candidate_from(o, CandidateId::new(), saved.updated_at, &second)
            .await,
        "candidate",
    );
}
