//! A deserialized (or hand-built) model is validated: what JSON cannot say
//! consistently is a clear error or a finding when checked, never silence.

use ogi_report::{
    CheckOptions, Code, Edition, Report, RequestColumn, RequestRow, check, check_spans, parse,
};
use serde_json::{Value, json};

fn report_json(edition: Edition) -> Value {
    let mut r = Report::new(edition);
    r.set_request_counts(RequestRow::NewReceived, [1, 0, 0, 0, 0, 0]);
    serde_json::to_value(&r).unwrap()
}

fn codes_of(v: Value) -> Vec<String> {
    let r: Report = serde_json::from_value(v).expect("deserializes");
    check(&r, &CheckOptions::default())
        .iter()
        .filter(|d| d.code.as_str().starts_with("model."))
        .map(|d| format!("{} {}", d.code, d.path))
        .collect()
}

#[test]
fn a_consistent_model_has_no_model_finding() {
    assert!(codes_of(report_json(Edition::V2021)).is_empty());
    assert!(codes_of(report_json(Edition::V2019)).is_empty());
}

#[test]
fn a_row_key_given_twice_is_an_error() {
    let v = report_json(Edition::V2021);
    let text = serde_json::to_string(&v).unwrap();
    let row = serde_json::to_string(&v["requests"]["rows"]["new_received"]).unwrap();
    let twice = text.replacen(
        "\"new_received\":",
        &format!("\"new_received\":{row},\"new_received\":"),
        1,
    );
    let e = serde_json::from_str::<Report>(&twice).unwrap_err();
    assert!(
        e.to_string().contains("duplicate row key `new_received`"),
        "{e}"
    );
}

#[test]
fn unknown_keys_are_errors() {
    let mut v = report_json(Edition::V2021);
    v["requests"]["rows"]["no_such_row"] = v["requests"]["rows"]["new_received"].clone();
    let e = serde_json::from_value::<Report>(v).unwrap_err();
    assert!(e.to_string().contains("no_such_row"), "{e}");
}

#[test]
fn rows_outside_the_layout_and_subtotals_without_the_column() {
    // a 2019 single-layout table holding R21
    let mut v = report_json(Edition::V2019);
    v["requests"]["rows"]["other_handling.no_correction"] =
        v["requests"]["rows"]["new_received"].clone();
    assert_eq!(
        codes_of(v),
        ["model.row_outside_layout requests.other_handling.no_correction"]
    );
    // a subtotal cell in a table without the subtotal column
    let mut v = report_json(Edition::V2021);
    v["requests"]["rows"]["new_received"]["legal_entities_subtotal"] =
        json!({"state": "number", "value": 0});
    assert_eq!(
        codes_of(v),
        ["model.subtotal_without_column requests.new_received.legal_entities_subtotal"]
    );
}

#[test]
fn an_edition_mismatch() {
    let mut v = report_json(Edition::V2021);
    v["edition"] = json!("2019");
    let found = codes_of(v);
    assert!(
        found.contains(&"model.edition_mismatch meta.edition".to_owned()),
        "{found:?}"
    );
}

#[test]
fn impossible_dates() {
    for (start, end) in [
        ((2023, 2, 29), (2023, 12, 31)),
        ((2023, 1, 1), (2023, 13, 1)),
        ((2023, 12, 31), (2023, 1, 1)),
    ] {
        let mut v = report_json(Edition::V2021);
        v["meta"]["period"] = json!({
            "start": {"year": start.0, "month": start.1, "day": start.2},
            "end": {"year": end.0, "month": end.1, "day": end.2},
        });
        assert_eq!(codes_of(v), ["model.impossible_date meta.period"]);
    }
    let mut v = report_json(Edition::V2021);
    v["meta"]["period"] = json!({
        "start": {"year": 2024, "month": 2, "day": 29},
        "end": {"year": 2024, "month": 12, "day": 31},
    });
    assert!(codes_of(v).is_empty(), "2024 is a leap year");
}

#[test]
fn raw_text_that_contradicts_the_value() {
    let mut v = report_json(Edition::V2021);
    v["requests"]["rows"]["new_received"]["natural_person"] =
        json!({"state": "number", "value": 1, "raw": "7", "span": {"start": 0, "end": 1}});
    assert_eq!(
        codes_of(v.clone()),
        ["model.raw_mismatch requests.new_received.natural_person"]
    );
    // raw that writes the value in another form agrees with it
    for raw in ["１", "1件", " 1 ", "1.0"] {
        v["requests"]["rows"]["new_received"]["natural_person"]["raw"] = json!(raw);
        assert!(codes_of(v.clone()).is_empty(), "{raw}");
    }
}

#[test]
fn spans_past_the_text() {
    let text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n";
    let report = parse(text).unwrap().report;
    assert!(check_spans(&report, text).is_empty());
    let short = &text[..text.find("数量").unwrap()];
    let found = check_spans(&report, short);
    assert!(found.with_code(Code::ModelSpanOutsideText).count() >= 7);
    // a span inside a character
    let mut r = report.clone();
    r.requests
        .as_mut()
        .unwrap()
        .row_mut(RequestRow::NewReceived)
        .get_mut(RequestColumn::Total)
        .source = Some(ogi_report::Source {
        raw: "1".into(),
        span: ogi_report::Span::new(1, 2),
    });
    assert_eq!(check_spans(&r, text).len(), 1);
}
