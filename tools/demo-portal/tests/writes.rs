//! The portal's writes through its HTTP API, as a page meets them: startbackup and its
//! progress, deletebackup, deletebackuphistory, startrestore and the restore's maintenance
//! window, the anonymous getrestoreprogress, the faults a test can set, and who may write.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, Utc};
use demo_portal::{
    spawn, spec, Behaviour, Demo, Hold, Maintenance, Situation, WriteFault, WriteOp, DEMO_API_KEY,
    DEMO_SESSION, DEMO_TOKEN, NON_ADMIN_TOKEN, READ_ONLY_KEY, RUNNING_TOKEN,
    SCHEDULE_FORBIDDEN_TOKEN, SESSION_COOKIE, WEEKLY_TOKEN,
};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn winter() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T05:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The `response` of a 200 envelope (`None` when it has none).
    fn response(&self) -> Option<Value> {
        assert_eq!(self.status, 200, "{}", self.body);
        let v = self.json();
        assert_eq!((&v["status"], &v["statusCode"]), (&json!(0), &json!(200)));
        v.get("response").cloned()
    }

    /// The error envelope's message, checking the status.
    fn error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        let v = self.json();
        assert_eq!(
            (&v["status"], &v["statusCode"]),
            (&json!(1), &json!(status))
        );
        v["error"]["message"].as_str().unwrap().to_owned()
    }

    fn bare(&self, status: u16) {
        assert_eq!(
            (self.status, self.body.as_str()),
            (status, ""),
            "{}",
            self.head
        );
    }
}

/// One raw HTTP/1.1 exchange; every answer must carry CORS (`*`).
async fn exchange(addr: SocketAddr, request: String) -> Answer {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    assert!(
        head.to_ascii_lowercase()
            .contains("access-control-allow-origin: *"),
        "{head}"
    );
    Answer {
        status: head[9..12].parse().unwrap(),
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// Who sends a request.
#[derive(Clone, Copy)]
enum Who<'a> {
    Token(&'a str),
    Session,
    Nobody,
}

fn request(method: &str, path: &str, who: Who, content_type: Option<&str>, body: &str) -> String {
    let mut r = format!("{method} {path} HTTP/1.1\r\nHost: x\r\nOrigin: http://page\r\n");
    match who {
        Who::Token(t) => r += &format!("Authorization: {t}\r\n"),
        Who::Session => r += &format!("Cookie: {SESSION_COOKIE}={DEMO_SESSION}\r\n"),
        Who::Nobody => {}
    }
    if let Some(ct) = content_type {
        r += &format!("Content-Type: {ct}\r\n");
    }
    if !body.is_empty() || method == "POST" {
        r += &format!("Content-Length: {}\r\n", body.len());
    }
    r + "Connection: close\r\n\r\n" + body
}

async fn get(addr: SocketAddr, path: &str, who: Who<'_>) -> Answer {
    exchange(addr, request("GET", path, who, None, "")).await
}

async fn post(addr: SocketAddr, path: &str, who: Who<'_>, body: &Value) -> Answer {
    let body = body.to_string();
    exchange(
        addr,
        request("POST", path, who, Some("application/json"), &body),
    )
    .await
}

async fn delete(addr: SocketAddr, path: &str, who: Who<'_>) -> Answer {
    exchange(addr, request("DELETE", path, who, None, "")).await
}

const OWNER: Who = Who::Token(DEMO_TOKEN);
const HISTORY: &str = "/api/2.0/backup/getbackuphistory?Dump=false";
const DUMPS: &str = "/api/2.0/backup/getbackuphistory?Dump=true";
const PROGRESS: &str = "/api/2.0/backup/getbackupprogress?Dump=false";
const START: &str = "/api/2.0/backup/startbackup";
const RESTORE: &str = "/api/2.0/portal/startrestore";
const RESTORE_PROGRESS: &str = "/api/2.0/portal/getrestoreprogress";

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

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

fn sorted(names: &[&'static str]) -> Vec<&'static str> {
    let mut k = names.to_vec();
    k.sort_unstable();
    k
}

fn ids(history: &Value) -> Vec<String> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

/// What DocSpace's own backup list sends to restore `id` (DocSpace-client, backup-list).
fn list_restore(id: &str, notify: bool) -> Value {
    json!({"backupId": id, "storageType": "0",
        "storageParams": [{"key": "fileId", "value": id}], "notify": notify, "dump": false})
}

fn date(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(&s[..19], "%Y-%m-%dT%H:%M:%S").unwrap()
}

async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..500 {
        if cond() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("gave up waiting for {what}");
}

#[tokio::test]
async fn preflights_let_the_writes_through() {
    let demo = Demo::new(winter());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    for (method, path) in [
        ("POST", START),
        (
            "DELETE",
            "/api/2.0/portal/deletebackup/3f2c1a9e-8b7d-4c1e-9a55-0c2d7e4b6f10",
        ),
        ("DELETE", "/api/2.0/backup/deletebackuphistory?Dump=false"),
        ("POST", RESTORE),
    ] {
        let answer = exchange(
            addr,
            format!(
                "OPTIONS {path} HTTP/1.1\r\nHost: x\r\nOrigin: http://page\r\n\
                 Access-Control-Request-Method: {method}\r\n\
                 Access-Control-Request-Headers: authorization,content-type\r\n\
                 Connection: close\r\n\r\n"
            ),
        )
        .await;
        let head = answer.head.to_ascii_lowercase();
        assert_eq!(answer.status, 204, "{head}");
        let methods = head
            .lines()
            .find_map(|l| l.strip_prefix("access-control-allow-methods: "))
            .unwrap();
        assert!(methods.split(',').any(|m| m.eq_ignore_ascii_case(method)));
        assert!(head.contains("access-control-allow-headers: authorization,content-type"));
    }
    assert!(demo.writes().is_empty(), "a preflight is no write");
}

#[tokio::test]
async fn a_started_backup_runs_and_joins_the_history() {
    let demo = Demo::new(Utc::now());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    let before = ids(&get(addr, HISTORY, OWNER).await.response().unwrap());
    assert_eq!(get(addr, PROGRESS, OWNER).await.response(), None);

    let body = json!({"storageType": 4, "storageParams": [], "dump": false});
    let started = post(addr, START, OWNER, &body).await;
    let v = started.json();
    assert_eq!(v["links"][0]["action"], "POST");
    let first = started.response().unwrap();
    assert_eq!(keys(&first), sorted(&PROGRESS_KEYS));
    assert_eq!(
        (&first["progress"], &first["status"], &first["isCompleted"]),
        (&json!(0), &json!(0), &json!(false))
    );
    assert_eq!(first["backupProgressEnum"], 0);
    let task_id = first["taskId"].as_str().unwrap().to_owned();
    assert_eq!(
        demo_portal::writes::parse_guid(&task_id),
        Some(task_id.clone())
    );

    // A second start while it runs: the running task, as the server's worker answers.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let again = post(addr, "/api/2.0/portal/startbackup", OWNER, &body)
        .await
        .response()
        .unwrap();
    assert_eq!(again["taskId"], task_id.as_str());
    assert_eq!(again["status"], 1);
    assert!(again["progress"].as_u64().unwrap() >= 5);
    assert_eq!(demo.started_backups().len(), 1);

    let t0 = Instant::now();
    let mut seen = Vec::new();
    loop {
        let p = get(addr, PROGRESS, OWNER).await.response().unwrap();
        assert_eq!(p["taskId"], task_id.as_str());
        let percent = p["progress"].as_u64().unwrap();
        assert!(seen.last().is_none_or(|l| *l <= percent));
        seen.push(percent);
        if percent == 100 {
            assert_eq!((&p["isCompleted"], &p["status"]), (&json!(true), &json!(2)));
            break;
        }
        assert_eq!(
            (&p["isCompleted"], &p["status"]),
            (&json!(false), &json!(1))
        );
        assert!(t0.elapsed() < Duration::from_secs(20), "{seen:?}");
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    assert!(seen.len() > 3, "it moved in steps: {seen:?}");
    assert_eq!(get(addr, PROGRESS, OWNER).await.response(), None);

    let after = get(addr, HISTORY, OWNER).await.response().unwrap();
    assert_eq!(ids(&after).len(), before.len() + 1);
    let made = after
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == task_id.as_str())
        .expect("the task's backup");
    assert_eq!(made["storageType"], 4);
    let created = date(made["createdOn"].as_str().unwrap());
    assert_eq!(
        made["fileName"],
        format!("demo_{}.tar.gz", created.format("%Y-%m-%d_%H-%M-%S"))
    );
    assert_eq!(
        date(made["expiresOn"].as_str().unwrap()) - created,
        chrono::Duration::days(1),
        "temporary: a day"
    );
    assert!(created.and_utc() <= demo.clock() && created.and_utc() > demo.now());
    // Another portal's history did not change; the dumps neither.
    assert_eq!(
        get(addr, HISTORY, Who::Token(WEEKLY_TOKEN))
            .await
            .response()
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        8
    );
    assert_eq!(demo.records_for(DEMO_TOKEN, true).len(), 6);
    // The writes were recorded with their bodies.
    let writes = demo.writes();
    assert_eq!(writes.len(), 2);
    assert_eq!(
        serde_json::from_str::<Value>(writes[0].body.as_deref().unwrap()).unwrap(),
        body
    );
    assert!(demo
        .requests()
        .iter()
        .filter(|r| r.method == "GET")
        .all(|r| r.body.is_none()));
    assert_eq!(spec::off_spec(&demo.answers()), Vec::<String>::new());
}

#[tokio::test]
async fn a_third_party_backup_never_expires_and_the_running_situation_answers_its_run() {
    let demo = Demo::new(Utc::now());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    // The running situation's scheduled run is the running task.
    let running = Who::Token(RUNNING_TOKEN);
    let s3 = json!({"storageType": 5, "storageParams": [{"key": "module", "value": "S3"}]});
    let p = post(addr, START, running, &s3).await.response().unwrap();
    assert_eq!(
        p["taskId"],
        demo_portal::situation::running_task_id().as_str()
    );
    assert_eq!(p["status"], 1);
    assert!(demo.started_backups().is_empty());
    // A room (a numeric folder id), by the session.
    let room = json!({"storageType": "Documents", "storageParams": [{"key": "folderId", "value": "4217"}]});
    let p = post(addr, START, Who::Session, &room)
        .await
        .response()
        .unwrap();
    let task_id = p["taskId"].as_str().unwrap().to_owned();
    tokio::time::sleep(demo_portal::situation::BACKUP_DURATION + Duration::from_millis(200)).await;
    let history = get(addr, HISTORY, OWNER).await.response().unwrap();
    let made = history
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == task_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(made["storageType"], 0);
    assert_eq!(made["expiresOn"], "0001-01-01T00:00:00");
    let started = &demo.started_backups()[0];
    assert_eq!(
        started.storage_params,
        [("folderId".to_owned(), "4217".to_owned())]
    );
    assert_eq!(started.situation, Situation::Default);
    // The running situation's run completed meanwhile: a new start is a new task.
    let p = post(addr, START, running, &s3).await.response().unwrap();
    assert_ne!(
        p["taskId"],
        demo_portal::situation::running_task_id().as_str()
    );
    assert_eq!(p["status"], 0);
    assert_eq!(spec::off_spec(&demo.answers()), Vec::<String>::new());
}

#[tokio::test]
async fn a_backup_body_the_server_refuses() {
    let demo = Demo::new(winter());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    let wrong_folder =
        json!({"storageType": 0, "storageParams": [{"key": "folderId", "value": "my-room"}]});
    assert_eq!(
        post(addr, START, OWNER, &wrong_folder).await.error(400),
        "wrong folder type"
    );
    let no_path = json!({"storageType": 3, "storageParams": []});
    assert_eq!(
        post(addr, START, OWNER, &no_path).await.error(500),
        "The given key 'filePath' was not present in the dictionary."
    );
    assert!(post(addr, START, OWNER, &json!({"storageType": 8}))
        .await
        .error(400)
        .contains("storageType"));
    // Not JSON: ASP.NET's 415 (a fetch that forgot the content type sends text/plain).
    let plain = request(
        "POST",
        START,
        OWNER,
        Some("text/plain;charset=UTF-8"),
        r#"{"storageType":4}"#,
    );
    exchange(addr, plain).await.bare(415);
    let broken = request(
        "POST",
        START,
        OWNER,
        Some("application/json"),
        "{storageType",
    );
    assert!(exchange(addr, broken).await.error(400).contains("not JSON"));
    assert!(demo.started_backups().is_empty());
    assert_eq!(demo.writes().len(), 5);
}

#[tokio::test]
async fn deletes_change_later_answers() {
    let demo = Demo::new(winter());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    let before = ids(&get(addr, HISTORY, OWNER).await.response().unwrap());
    let gone = before[7].clone();
    let answer = delete(addr, &format!("/api/2.0/portal/deletebackup/{gone}"), OWNER).await;
    assert_eq!(answer.response(), Some(json!(true)));
    assert_eq!(answer.json()["links"][0]["action"], "DELETE");
    let after = ids(&get(addr, HISTORY, OWNER).await.response().unwrap());
    assert_eq!(after.len(), before.len() - 1);
    assert!(!after.contains(&gone));
    // The same id again: the record is gone, and the server trips on it (500).
    let again = delete(addr, &format!("/api/2.0/backup/deletebackup/{gone}"), OWNER).await;
    assert_eq!(
        again.error(500),
        "Object reference not set to an instance of an object."
    );
    // Upper case and braces are the same GUID; an id that is no GUID matches no route.
    let weekly = ids(&get(addr, HISTORY, Who::Token(WEEKLY_TOKEN))
        .await
        .response()
        .unwrap());
    let braced = format!("%7B{}%7D", weekly[0].to_uppercase());
    let other = delete(
        addr,
        &format!("/api/2.0/backup/deletebackup/{braced}"),
        OWNER,
    )
    .await;
    assert_eq!(
        other.response(),
        Some(json!(true)),
        "another portal's: true"
    );
    assert_eq!(
        demo.records_for(WEEKLY_TOKEN, false).len(),
        8,
        "and left alone"
    );
    delete(addr, "/api/2.0/backup/deletebackup/not-a-guid", OWNER)
        .await
        .bare(404);
    // deletebackuphistory: every portal backup; the dumps stay.
    let cleared = delete(
        addr,
        "/api/2.0/portal/deletebackuphistory?dump=false",
        OWNER,
    )
    .await;
    assert_eq!(cleared.response(), Some(json!(true)));
    assert_eq!(get(addr, HISTORY, OWNER).await.response(), Some(json!([])));
    let dumps = get(addr, DUMPS, OWNER).await.response().unwrap();
    assert_eq!(dumps.as_array().unwrap().len(), 6);
    let cleared = delete(addr, "/api/2.0/backup/deletebackuphistory?Dump=true", OWNER).await;
    assert_eq!(cleared.response(), Some(json!(true)));
    assert_eq!(get(addr, DUMPS, OWNER).await.response(), Some(json!([])));
    // An empty history cleared again: still true.
    let empty = delete(addr, "/api/2.0/backup/deletebackuphistory", OWNER).await;
    assert_eq!(empty.response(), Some(json!(true)));
    let deleted = demo.deleted();
    assert_eq!(deleted.len(), before.len() + 6);
    assert_eq!(
        (deleted[0].id.as_str(), deleted[0].dump),
        (gone.as_str(), false)
    );
    assert!(deleted.iter().all(|d| d.situation == Situation::Default));
    // Every other portal keeps its history.
    assert_eq!(
        demo.records_for(demo_portal::UNSCHEDULED_TOKEN, false)
            .len(),
        63
    );
    assert_eq!(demo.records_for(WEEKLY_TOKEN, true).len(), 6);
    assert_eq!(spec::off_spec(&demo.answers()), Vec::<String>::new());
}

#[tokio::test]
async fn a_restore_puts_the_portal_in_maintenance_then_back() {
    let demo = Demo::new(winter());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    assert_eq!(
        get(addr, RESTORE_PROGRESS, Who::Nobody).await.response(),
        None
    );
    let id = ids(&get(addr, HISTORY, OWNER).await.response().unwrap())[4].clone();

    let started = post(addr, RESTORE, OWNER, &list_restore(&id, true)).await;
    assert_eq!(started.json()["links"][0]["action"], "POST");
    let first = started.response().unwrap();
    assert_eq!(
        keys(&first),
        sorted(&[
            "isCompleted",
            "progress",
            "error",
            "tenantId",
            "backupProgressEnum",
            "status",
            "taskId"
        ])
    );
    assert_eq!(
        (
            &first["backupProgressEnum"],
            &first["status"],
            &first["progress"]
        ),
        (&json!(1), &json!(0), &json!(0))
    );
    let restore = demo.restore().unwrap();
    assert_eq!(
        (restore.backup_id.as_str(), restore.notify),
        (id.as_str(), true)
    );
    let body: Value = serde_json::from_str(demo.writes()[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(
        (&body["backupId"], &body["notify"]),
        (&json!(id), &json!(true))
    );

    // Maintenance, as DocSpace's TenantStatusFilter answers it.
    assert!(demo.restoring());
    get(addr, HISTORY, OWNER).await.bare(403);
    get(addr, "/api/2.0/portal/getbackupschedule", OWNER)
        .await
        .bare(403);
    get(addr, HISTORY, Who::Token("demo-nobody"))
        .await
        .bare(401);
    post(addr, START, OWNER, &json!({"storageType": 4}))
        .await
        .bare(403);
    delete(addr, &format!("/api/2.0/backup/deletebackup/{id}"), OWNER)
        .await
        .bare(403);
    post(addr, RESTORE, OWNER, &list_restore(&id, false))
        .await
        .bare(403);
    assert_eq!(get(addr, "/api/2.0/settings", OWNER).await.status, 200);
    // getrestoreprogress: anyone, even with credentials the portal does not know.
    let mut seen = Vec::new();
    let t0 = Instant::now();
    loop {
        let who = [Who::Nobody, Who::Token("demo-nobody"), OWNER][seen.len() % 3];
        let p = get(addr, RESTORE_PROGRESS, who).await.response().unwrap();
        assert_eq!(p["taskId"], first["taskId"]);
        let percent = p["progress"].as_u64().unwrap();
        seen.push(percent);
        if p["isCompleted"] == json!(true) {
            assert_eq!((percent, &p["status"]), (100, &json!(2)));
            break;
        }
        assert_eq!(p["status"], 1);
        assert!(t0.elapsed() < Duration::from_secs(20), "{seen:?}");
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    assert!(seen.len() > 3, "{seen:?}");
    // Back to normal; the completed restore is still reported.
    assert!(!demo.restoring());
    assert_eq!(get(addr, HISTORY, OWNER).await.status, 200);
    let done = get(addr, &format!("{RESTORE_PROGRESS}?Dump=false"), Who::Nobody)
        .await
        .response()
        .unwrap();
    assert_eq!(done["isCompleted"], true);
    assert_eq!(
        get(addr, &format!("{RESTORE_PROGRESS}?Dump=true"), Who::Nobody)
            .await
            .response(),
        None,
        "no dump was restored"
    );
    assert_eq!(spec::off_spec(&demo.answers()), Vec::<String>::new());
}

#[tokio::test]
async fn maintenance_can_be_a_gateways_503() {
    let demo = Demo::new(winter());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    let id = demo.records_for(DEMO_TOKEN, false)[0].id.clone();
    for maintenance in [Maintenance::Unavailable, Maintenance::GatewayPage] {
        demo.set_behaviour(Behaviour {
            maintenance,
            ..Behaviour::default()
        });
        let p = post(addr, RESTORE, OWNER, &list_restore(&id, false)).await;
        assert_eq!(p.status, 200, "{}", p.body);
        for who in [OWNER, Who::Token("demo-nobody"), Who::Nobody] {
            let answer = get(addr, HISTORY, who).await;
            assert_eq!(answer.status, 503);
            if maintenance == Maintenance::GatewayPage {
                assert!(
                    answer.body.contains("<center>nginx</center>"),
                    "{}",
                    answer.body
                );
            } else {
                assert_eq!(answer.body, "");
            }
            assert_eq!(get(addr, "/api/2.0/settings", who).await.status, 503);
        }
        assert_eq!(get(addr, RESTORE_PROGRESS, Who::Nobody).await.status, 200);
        // The test ends the restore at once.
        demo.forget_writes();
        assert_eq!(get(addr, HISTORY, OWNER).await.status, 200);
    }
    assert_eq!(spec::off_spec(&demo.answers()), Vec::<String>::new());
}

#[tokio::test]
async fn restores_other_than_the_lists_are_refused() {
    let demo = Demo::new(winter());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    let id = demo.records_for(DEMO_TOKEN, false)[2].id.clone();
    let with = |key: &str, v: Value| {
        let mut b = list_restore(&id, true);
        b[key] = v;
        b
    };
    for body in [
        with("storageType", json!(5)),
        with("storageParams", json!([{"key": "filePath", "value": id}])),
        with("backupId", json!("backup-1")),
        with("notify", Value::Null),
        json!({"backupId": id}),
    ] {
        let message = post(addr, RESTORE, OWNER, &body).await.error(400);
        assert!(
            message.contains("as DocSpace's own backup list sends it"),
            "{message}"
        );
    }
    // A GUID the portal has no record of; a record deleted meanwhile.
    let unknown = "0b9e5c1e-0000-4000-8000-000000000000";
    let missing = post(addr, RESTORE, OWNER, &list_restore(unknown, true)).await;
    assert_eq!(missing.error(404), "Unable to find the specified file.");
    let deleted = demo.records_for(DEMO_TOKEN, false)[3].id.clone();
    delete(
        addr,
        &format!("/api/2.0/backup/deletebackup/{deleted}"),
        OWNER,
    )
    .await;
    post(addr, RESTORE, OWNER, &list_restore(&deleted, true))
        .await
        .error(404);
    let plain = request(
        "POST",
        RESTORE,
        OWNER,
        None,
        &list_restore(&id, true).to_string(),
    );
    exchange(addr, plain).await.bare(415);
    assert!(demo.restore().is_none());
    assert!(
        get(addr, &format!("{RESTORE_PROGRESS}?Dump=maybe"), Who::Nobody)
            .await
            .error(400)
            .contains("Dump")
    );
    // The number 0 for storageType is what the server binds "0" to: accepted.
    let number = with("storageType", json!(0));
    assert_eq!(post(addr, RESTORE, OWNER, &number).await.status, 200);
    assert_eq!(spec::off_spec(&demo.answers()), Vec::<String>::new());
}

/// Each write once, as the owner would send it; `id` is a backup of the default portal.
fn each_write(id: &str) -> Vec<(WriteOp, &'static str, String, Option<Value>)> {
    vec![
        (
            WriteOp::StartBackup,
            "POST",
            START.to_owned(),
            Some(json!({"storageType": 4})),
        ),
        (
            WriteOp::DeleteBackup,
            "DELETE",
            format!("/api/2.0/backup/deletebackup/{id}"),
            None,
        ),
        (
            WriteOp::DeleteBackupHistory,
            "DELETE",
            "/api/2.0/portal/deletebackuphistory?Dump=false".to_owned(),
            None,
        ),
        (
            WriteOp::StartRestore,
            "POST",
            RESTORE.to_owned(),
            Some(list_restore(id, false)),
        ),
    ]
}

async fn write(
    addr: SocketAddr,
    method: &str,
    path: &str,
    who: Who<'_>,
    body: &Option<Value>,
) -> Answer {
    match body {
        Some(body) => post(addr, path, who, body).await,
        None => exchange(addr, request(method, path, who, None, "")).await,
    }
}

#[tokio::test]
async fn write_faults_answer_and_change_nothing() {
    let demo = Demo::new(winter());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    let id = demo.records_for(DEMO_TOKEN, false)[1].id.clone();
    for (op, method, path, body) in each_write(&id) {
        for fault in [
            WriteFault::PaymentRequired,
            WriteFault::Forbidden,
            WriteFault::ServerError,
        ] {
            demo.set_behaviour(Behaviour {
                write_fault: Some((op, fault.clone())),
                ..Behaviour::default()
            });
            let answer = write(addr, method, &path, OWNER, &body).await;
            match fault {
                WriteFault::PaymentRequired => {
                    let message = answer.error(402);
                    assert_eq!(message, op.payment_message());
                    assert_eq!(
                        answer.json()["error"]["type"],
                        if op == WriteOp::StartBackup {
                            "ASC.Core.Tenants.TenantQuotaException"
                        } else {
                            "ASC.Core.Billing.BillingException"
                        }
                    );
                }
                WriteFault::Forbidden => answer.bare(403),
                _ => {
                    answer.error(500);
                }
            }
            // Credentials still come first.
            write(addr, method, &path, Who::Token("demo-nobody"), &body)
                .await
                .bare(401);
            // The other writes answer normally: the history still reads.
            assert_eq!(get(addr, HISTORY, OWNER).await.status, 200);
        }
    }
    assert!(demo.deleted().is_empty());
    assert!(demo.started_backups().is_empty());
    assert!(demo.restore().is_none());
    assert_eq!(demo.records_for(DEMO_TOKEN, false).len(), 63);
    assert_eq!(demo.writes().len(), 4 * 3 * 2);
    let departures = demo
        .answers()
        .iter()
        .filter(|a| a.departure.is_some())
        .count();
    assert_eq!(departures, 4 * 3 * 2, "the faults and the 401s under them");
    assert_eq!(spec::off_spec(&demo.answers()), Vec::<String>::new());
    assert_eq!(
        demo_portal::writes::FREE_BACKUPS_USED_UP,
        "The number of free backups should not exceed 2 within a month"
    );
}

#[tokio::test]
async fn a_held_write_answers_on_release_and_only_then_changes() {
    let demo = Demo::new(winter());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    let id = demo.records_for(DEMO_TOKEN, false)[1].id.clone();
    let hold = Hold::default();
    demo.set_behaviour(Behaviour {
        write_fault: Some((WriteOp::DeleteBackup, WriteFault::Hold(hold.clone()))),
        ..Behaviour::default()
    });
    let path = format!("/api/2.0/backup/deletebackup/{id}");
    let pending = tokio::spawn(async move { delete(addr, &path, OWNER).await.response() });
    until("the held request", || hold.arrived()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!pending.is_finished(), "never answers until released");
    assert!(demo.deleted().is_empty());
    // Other writes are not held.
    let cleared = delete(addr, "/api/2.0/backup/deletebackuphistory?Dump=true", OWNER).await;
    assert_eq!(cleared.response(), Some(json!(true)));
    hold.release();
    assert_eq!(pending.await.unwrap(), Some(json!(true)));
    assert_eq!(demo.deleted().last().unwrap().id, id);
    assert_eq!(spec::off_spec(&demo.answers()), Vec::<String>::new());
}

#[tokio::test]
async fn who_may_write() {
    let demo = Demo::new(winter());
    let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
    let id = demo.records_for(DEMO_TOKEN, false)[1].id.clone();
    let read_only = format!("Bearer {READ_ONLY_KEY}");
    for (_, method, path, body) in each_write(&id) {
        for stranger in [
            Who::Token("demo-nobody"),
            Who::Token(READ_ONLY_KEY),
            Who::Nobody,
        ] {
            write(addr, method, &path, stranger, &body).await.bare(401);
        }
        let user = write(addr, method, &path, Who::Token(NON_ADMIN_TOKEN), &body).await;
        assert_eq!(user.error(403), "Access denied");
        let forbidden = write(
            addr,
            method,
            &path,
            Who::Token(SCHEDULE_FORBIDDEN_TOKEN),
            &body,
        )
        .await;
        assert_eq!(forbidden.error(403), "Access denied");
        // A key with *:read only: refused by the authorization, a bare 403.
        write(addr, method, &path, Who::Token(&read_only), &body)
            .await
            .bare(403);
    }
    assert!(demo.deleted().is_empty() && demo.started_backups().is_empty());
    // The read-only key reads everything as the owner does.
    for path in [
        HISTORY,
        DUMPS,
        "/api/2.0/portal/getbackupschedule?Dump=false",
        PROGRESS,
        RESTORE_PROGRESS,
    ] {
        let by_key = get(addr, path, Who::Token(&read_only)).await;
        let by_owner = get(addr, path, OWNER).await;
        assert_eq!((by_key.status, by_key.body), (200, by_owner.body), "{path}");
    }
    assert_eq!(
        get(addr, "/api/2.0/settings", Who::Token(&read_only))
            .await
            .status,
        200
    );
    // The owner's key and session write.
    let key = format!("Bearer {DEMO_API_KEY}");
    let by_key = delete(
        addr,
        &format!("/api/2.0/backup/deletebackup/{id}"),
        Who::Token(&key),
    )
    .await;
    assert_eq!(by_key.response(), Some(json!(true)));
    let by_session = delete(addr, "/api/2.0/backup/deletebackuphistory", Who::Session).await;
    assert_eq!(by_session.response(), Some(json!(true)));
    assert_eq!(demo.records_for(DEMO_TOKEN, false), Vec::new());
    assert_eq!(spec::off_spec(&demo.answers()), Vec::<String>::new());
}
