//! The schedule situations through the portal's HTTP API, as a page meets them: each token's
//! answers, their shape, DocSpace's description (`spec`), refusals, and the running backup.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use demo_portal::{
    situation, spawn, spec, Behaviour, Demo, Fault, Situation, StatusCode, DEMO_API_KEY,
    DEMO_SESSION, DEMO_TOKEN, NON_ADMIN_TOKEN, RUNNING_TOKEN, SCHEDULE_FORBIDDEN_TOKEN,
    SESSION_COOKIE,
};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn winter() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T05:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// An answer: status, content type, body.
struct Answer {
    status: u16,
    content_type: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One raw HTTP/1.1 GET; `auth` is the Authorization value, `cookie` the Cookie header.
async fn get(addr: SocketAddr, path: &str, auth: Option<&str>, cookie: Option<&str>) -> Answer {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nOrigin: http://page\r\n");
    if let Some(auth) = auth {
        request += &format!("Authorization: {auth}\r\n");
    }
    if let Some(cookie) = cookie {
        request += &format!("Cookie: {cookie}\r\n");
    }
    request += "Connection: close\r\n\r\n";
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    let content_type = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-type")
                .then(|| v.trim().to_owned())
        })
        .unwrap_or_default();
    assert!(
        head.to_ascii_lowercase()
            .contains("access-control-allow-origin: *"),
        "{head}"
    );
    Answer {
        status,
        content_type,
        body: body.to_owned(),
    }
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn set<'a>(names: &[&'a str]) -> BTreeSet<&'a str> {
    names.iter().copied().collect()
}

/// The envelope of a 200: its `count` fits its `response`, and the rest is DocSpace's.
fn envelope(answer: &Answer) -> Option<Value> {
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.content_type.starts_with("application/json"));
    let v = answer.json();
    assert_eq!(
        (&v["status"], &v["statusCode"]),
        (&Value::from(0), &Value::from(200))
    );
    assert_eq!(v["links"][0]["action"], "GET");
    let response = v.get("response").cloned();
    let count = match &response {
        None => 0,
        Some(Value::Array(list)) => list.len(),
        Some(_) => 1,
    };
    assert_eq!(v["count"], count, "{v}");
    response
}

fn assert_access_denied(answer: &Answer) {
    assert_eq!(answer.status, 403, "{}", answer.body);
    let v = answer.json();
    assert_eq!(v["error"]["message"], "Access denied");
    assert_eq!(
        (&v["status"], &v["statusCode"]),
        (&Value::from(1), &Value::from(403))
    );
}

const SCHEDULE_KEYS: [&str; 6] = [
    "storageType",
    "storageParams",
    "cronParams",
    "backupsStored",
    "lastBackupTime",
    "dump",
];
const PROGRESS_KEYS: [&str; 9] = [
    "isCompleted",
    "progress",
    "error",
    "warning",
    "link",
    "tenantId",
    "backupProgressEnum",
    "status",
    "taskId",
];

#[tokio::test]
async fn every_situation_answers_in_shape_and_to_spec() {
    let demo = Demo::new(winter());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    for s in Situation::ALL {
        let token = s.token();
        for prefix in ["backup", "portal"] {
            for dump in [false, true] {
                let ask = |name: &str| format!("/api/2.0/{prefix}/{name}?Dump={dump}");
                // The history: every situation's admin may read it.
                let history = get(addr, &ask("getbackuphistory"), Some(token), None).await;
                let records = envelope(&history).unwrap();
                assert_eq!(
                    records.as_array().unwrap().len(),
                    demo.records_for(token, dump).len()
                );

                let schedule = get(addr, &ask("getbackupschedule"), Some(token), None).await;
                match s {
                    Situation::ScheduleForbidden => assert_access_denied(&schedule),
                    Situation::Unscheduled => assert_eq!(envelope(&schedule), None),
                    _ => {
                        let response = envelope(&schedule).expect("a schedule");
                        assert_eq!(keys(&response), set(&SCHEDULE_KEYS), "{s:?}");
                        assert_eq!(
                            keys(&response["cronParams"]),
                            set(&["period", "hour", "day"])
                        );
                        assert_eq!(response["dump"], dump);
                        assert_eq!(
                            Some(response),
                            demo.schedule(token, dump).map(|s| s.to_json())
                        );
                    }
                }

                let progress = get(addr, &ask("getbackupprogress"), Some(token), None).await;
                match (s, dump) {
                    (Situation::ScheduleForbidden, _) => assert_access_denied(&progress),
                    (Situation::Running, false) => {
                        let response = envelope(&progress).expect("a running backup");
                        assert_eq!(keys(&response), set(&PROGRESS_KEYS));
                        assert_eq!(response["backupProgressEnum"], 0);
                        assert_eq!(
                            (&response["error"], &response["warning"]),
                            (&"".into(), &"".into())
                        );
                    }
                    _ => assert_eq!(envelope(&progress), None, "{s:?}: nothing runs"),
                }
            }
        }
        let settings = envelope(&get(addr, "/api/2.0/settings", Some(token), None).await).unwrap();
        assert_eq!(settings["timezone"], s.timezone_id());
        assert_eq!(settings["culture"], "en-US");
        let winter_offset = if s.zone() == chrono_tz::UTC {
            "00:00:00"
        } else {
            "01:00:00"
        };
        assert_eq!(settings["utcOffset"], winter_offset);
    }
    let answers = demo.answers();
    // 8 situations × 2 aliases × 2 dumps × 3 operations, plus 8 settings.
    assert_eq!(answers.len(), 8 * 2 * 2 * 3 + 8);
    assert!(answers.iter().all(|a| a.departure.is_none()));
    assert_eq!(spec::off_spec(&answers), Vec::<String>::new());
}

#[tokio::test]
async fn strangers_get_401_and_users_403_everywhere() {
    let demo = Demo::new(winter());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    let paths = [
        "/api/2.0/backup/getbackuphistory",
        "/api/2.0/backup/getbackupschedule?Dump=false",
        "/api/2.0/portal/getbackupschedule",
        "/api/2.0/backup/getbackupprogress",
        "/api/2.0/portal/getbackupprogress?Dump=true",
        "/api/2.0/settings",
    ];
    for path in paths {
        for stranger in [Some("demo-nobody"), Some("sk-demo-admin-key"), None] {
            let answer = get(addr, path, stranger, None).await;
            assert_eq!(answer.status, 401, "{path} {stranger:?}");
            assert_eq!(answer.body, "", "a bare 401");
        }
        assert_access_denied(&get(addr, path, Some(NON_ADMIN_TOKEN), None).await);
        // The owner by key and by session cookie is the default situation.
        let key = format!("Bearer {DEMO_API_KEY}");
        let session = format!("{SESSION_COOKIE}={DEMO_SESSION}");
        let by_key = get(addr, path, Some(&key), None).await;
        let by_session = get(addr, path, None, Some(&session)).await;
        let by_token = get(addr, path, Some(DEMO_TOKEN), None).await;
        assert_eq!(by_key.status, 200, "{path}");
        assert_eq!(by_session.status, 200, "{path}");
        if !path.contains("settings") {
            assert_eq!(by_key.body, by_token.body, "{path}");
            assert_eq!(by_session.body, by_token.body, "{path}");
        }
    }
    // The key without the scope: the history and the settings, not the schedule nor progress.
    let forbidden = Some(SCHEDULE_FORBIDDEN_TOKEN);
    for path in &paths[1..5] {
        assert_access_denied(&get(addr, path, forbidden, None).await);
    }
    assert_eq!(get(addr, paths[0], forbidden, None).await.status, 200);
    assert_eq!(get(addr, paths[5], forbidden, None).await.status, 200);
    // A Dump the server cannot bind: the 400 envelope.
    let bad = get(
        addr,
        "/api/2.0/backup/getbackupschedule?Dump=yes",
        Some(DEMO_TOKEN),
        None,
    )
    .await;
    assert_eq!(bad.status, 400);
    assert_eq!(spec::off_spec(&demo.answers()), Vec::<String>::new());
}

#[tokio::test]
async fn the_running_backup_completes_and_joins_the_history() {
    let demo = Demo::new(Utc::now());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    let progress_path = "/api/2.0/backup/getbackupprogress?Dump=false";
    let history_path = "/api/2.0/backup/getbackuphistory?Dump=false";
    let before = envelope(&get(addr, history_path, Some(RUNNING_TOKEN), None).await).unwrap();
    assert_eq!(before.as_array().unwrap().len(), 20);
    let started = Instant::now();
    let mut seen = Vec::new();
    let finished = loop {
        let answer = get(addr, progress_path, Some(RUNNING_TOKEN), None).await;
        let p = envelope(&answer).expect("still running or just completed");
        let percent = p["progress"].as_u64().unwrap();
        assert_eq!(percent % 5, 0);
        assert!(seen.last().is_none_or(|last| *last <= percent));
        seen.push(percent);
        if percent == 100 {
            assert_eq!((&p["isCompleted"], &p["status"]), (&true.into(), &2.into()));
            break p;
        }
        assert_eq!(
            (&p["isCompleted"], &p["status"]),
            (&false.into(), &1.into())
        );
        assert!(started.elapsed() < Duration::from_secs(30), "{seen:?}");
        tokio::time::sleep(Duration::from_millis(400)).await;
    };
    assert_eq!(seen[0], 0);
    assert!(seen.len() > 5, "it moved in steps: {seen:?}");
    // The completed answer went out once; now nothing runs.
    assert_eq!(
        envelope(&get(addr, progress_path, Some(RUNNING_TOKEN), None).await),
        None
    );
    let after = envelope(&get(addr, history_path, Some(RUNNING_TOKEN), None).await).unwrap();
    let after = after.as_array().unwrap();
    assert_eq!(after.len(), 21);
    let made = after
        .iter()
        .find(|r| r["id"] == finished["taskId"])
        .expect("the finished task's backup");
    let record = demo.running_backup().unwrap();
    assert_eq!(made["fileName"], record.file_name.as_str());
    assert_eq!(made["storageType"], 5);
    assert!(record.created_on > demo.now() && record.created_on <= demo.clock());
    // Other situations' histories did not change.
    assert_eq!(demo.records_for(DEMO_TOKEN, false).len(), 63);
    assert_eq!(spec::off_spec(&demo.answers()), Vec::<String>::new());
}

#[test]
fn progress_follows_the_clock_of_its_first_request() {
    let demo = Demo::new(winter());
    let t0 = Instant::now();
    let at = |ms: u64| t0 + Duration::from_millis(ms);
    // Nobody else's backup runs, nor a dump.
    for s in Situation::ALL
        .into_iter()
        .filter(|s| *s != Situation::Running)
    {
        assert_eq!(demo.progress_at(s.token(), false, t0), None);
    }
    assert_eq!(demo.progress_at(RUNNING_TOKEN, true, t0), None);
    let percent = |ms| {
        demo.progress_at(RUNNING_TOKEN, false, at(ms))
            .map(|p| p.progress)
    };
    assert_eq!(percent(0), Some(0));
    assert_eq!(percent(1_000), Some(15));
    assert_eq!(percent(3_000), Some(50));
    assert!(demo.records_for_at(RUNNING_TOKEN, false, at(5_999)).len() == 20);
    let done = demo.progress_at(RUNNING_TOKEN, false, at(6_000)).unwrap();
    assert!(done.is_completed());
    assert_eq!(done.status(), 2);
    assert_eq!(percent(6_500), None, "the completed answer is given once");
    let history = demo.records_for_at(RUNNING_TOKEN, false, at(6_000));
    assert_eq!(history.len(), 21);
    assert_eq!(
        history[0].id, done.task_id,
        "the newest backup is the task's"
    );
    assert_eq!(history[0].storage_type, 5);
    assert_eq!(
        history[0].file_name,
        format!(
            "demo_{}.tar.gz",
            history[0].created_on.format("%Y-%m-%d_%H-%M-%S")
        )
    );
    // The backup is made on the demo's clock: `now` plus the time since the demo started.
    let made = history[0].created_on;
    assert!(made >= demo.now() + chrono::Duration::seconds(5));
    assert!(made <= demo.clock() + chrono::Duration::seconds(6));
    demo.restart_progress();
    assert_eq!(demo.running_backup(), None);
    assert_eq!(demo.records_for(RUNNING_TOKEN, false).len(), 20);
    assert_eq!(percent(10_000), Some(0), "a fresh start");
}

#[tokio::test]
async fn faults_act_on_the_history_only() {
    let demo = Demo::new(winter());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    demo.set_behaviour(Behaviour {
        fault: Some(Fault::Bare(StatusCode::INTERNAL_SERVER_ERROR)),
        history_size: Some(3),
        ..Behaviour::default()
    });
    let history = get(
        addr,
        "/api/2.0/backup/getbackuphistory",
        Some(DEMO_TOKEN),
        None,
    )
    .await;
    assert_eq!(history.status, 500);
    for path in [
        "/api/2.0/backup/getbackupschedule",
        "/api/2.0/backup/getbackupprogress",
        "/api/2.0/settings",
    ] {
        assert_eq!(
            get(addr, path, Some(DEMO_TOKEN), None).await.status,
            200,
            "{path}"
        );
    }
    let answers = demo.answers();
    let exempt: Vec<bool> = answers.iter().map(|a| a.departure.is_some()).collect();
    assert_eq!(exempt, [true, false, false, false]);
    assert_eq!(spec::off_spec(&answers), Vec::<String>::new());
    // The size of a generated history applies to the history only, and to every situation.
    demo.set_behaviour(Behaviour {
        history_size: Some(3),
        ..Behaviour::default()
    });
    for s in Situation::ALL {
        let history = get(
            addr,
            "/api/2.0/backup/getbackuphistory",
            Some(s.token()),
            None,
        )
        .await;
        assert_eq!(envelope(&history).unwrap().as_array().unwrap().len(), 3);
    }
    assert_eq!(situation(DEMO_TOKEN), Situation::Default);
}
