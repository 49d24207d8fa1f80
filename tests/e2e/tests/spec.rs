//! The spec gate of `Page::run`: every answer the demo portal sends during a test must match
//! DocSpace's own OpenAPI schemas (tools/demo-portal/openapi). This proves the gate sees what
//! the page was sent, catches a mismatch, and lets a deliberate departure through with its reason.

use e2e::{ensure, Behaviour, Fault, Page, DEMO_TOKEN};

/// A record the app shows, but off the spec: the id is no UUID (a hand-written fixture).
const ODD_BUT_SHOWN: &str = r#"{"response":[{"id":"a","fileName":"old.tar.gz","storageType":0,"createdOn":"2024-05-01T10:20:31","expiresOn":"0001-01-01T00:00:00"}],"count":1,"status":0,"statusCode":200}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_the_page_gets_is_checked_against_the_spec() {
    Page::run(async |page| {
        page.show_backups_with(DEMO_TOKEN).await?;
        page.wait_for_status(&format!("{} backups", page.demo.records(false).len()))
            .await?;
        page.wait_for("the four answers of a load", async || {
            Ok(page.demo.answers().len() == 4)
        })
        .await?;
        let answers = page.demo.answers();
        let noted: Vec<String> = answers
            .iter()
            .map(|a| {
                format!(
                    "{} {} {} body:{}",
                    a.method,
                    a.path,
                    a.status,
                    a.body.is_some()
                )
            })
            .collect();
        // Each was noted whole and checked (none is a departure).
        let mut paths: Vec<&str> = answers.iter().map(|a| a.path.as_str()).collect();
        paths.sort_unstable();
        ensure(
            paths
                == [
                    "/api/2.0/backup/getbackuphistory",
                    "/api/2.0/backup/getbackupprogress",
                    "/api/2.0/backup/getbackupschedule",
                    "/api/2.0/settings",
                ]
                && answers
                    .iter()
                    .all(|a| a.status == 200 && a.body.is_some() && a.departure.is_none()),
            || format!("the answers were not noted as checked: {noted:?}"),
        )?;
        let history = answers
            .iter()
            .find(|a| a.path == "/api/2.0/backup/getbackuphistory")
            .cloned()
            .ok_or("no history answer")?;
        page.answers_keep_to_spec()?;

        // The gate can fail: the same answer with storageType as a string is reported.
        let mut body: serde_json::Value =
            serde_json::from_slice(history.body.as_deref().unwrap_or_default())
                .map_err(|e| e.to_string())?;
        body["response"][0]["storageType"] = "5".into();
        page.demo.note_answer(e2e::Answer {
            body: Some(body.to_string().into_bytes().into()),
            ..history.clone()
        });
        let off = page.answers_off_spec();
        ensure(
            off.len() == 1 && off[0].contains("at \"/response/0/storageType\": \"5\""),
            || format!("the gate missed a string storageType: {off:?}"),
        )?;
        ensure(page.answers_keep_to_spec().is_err(), || {
            "the gate passed an answer off the spec".into()
        })?;
        page.demo.forget_answers();
        page.demo.note_answer(history.clone());

        // A hand-written fixture is a deliberate departure: noted with its reason, not checked.
        page.demo.set_behaviour(Behaviour {
            fault: Some(Fault::Ok200(ODD_BUT_SHOWN)),
            ..Behaviour::default()
        });
        page.click("Show backups").await?;
        page.wait_for_status("1 backup").await?;
        let last = page
            .demo
            .answers()
            .into_iter()
            .rfind(|a| a.path == "/api/2.0/backup/getbackuphistory");
        ensure(
            last.as_ref()
                .and_then(|a| a.departure)
                .is_some_and(|why| why.contains("by hand")),
            || {
                format!(
                    "the fixture was not marked as a departure: {:?}",
                    last.map(|a| a.departure)
                )
            },
        )?;
        page.answers_keep_to_spec()
    })
    .await;
}
