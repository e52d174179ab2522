//! Shared by the integration tests: table 三's labels as a page flattened
//! to one line writes them.

#![allow(dead_code)]

pub mod docx;

use ogi_report::{CellRef, Code, Parsed, ProactiveColumn, ProactiveRow, RequestRow};

/// Table 三's rows as a flattened page writes their labels, in order (the
/// group labels run into the first row of each group).
pub const LABELS: [(RequestRow, &str); 25] = [
    (RequestRow::NewReceived, "一、本年新收政府信息公开申请数量"),
    (RequestRow::CarriedOver, "二、上年结转政府信息公开申请数量"),
    (RequestRow::Disclosed, "三、本年度办理结果（一）予以公开"),
    (
        RequestRow::PartiallyDisclosed,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    (
        RequestRow::WithheldStateSecret,
        "（三）不予公开1.属于国家秘密",
    ),
    (
        RequestRow::WithheldProhibitedByLaw,
        "2.其他法律行政法规禁止公开",
    ),
    (
        RequestRow::WithheldSecurityStability,
        "3.危及“三安全一稳定”",
    ),
    (RequestRow::WithheldThirdPartyRights, "4.保护第三方合法权益"),
    (
        RequestRow::WithheldInternalAffairs,
        "5.属于三类内部事务信息",
    ),
    (
        RequestRow::WithheldProcessInformation,
        "6.属于四类过程性信息",
    ),
    (RequestRow::WithheldEnforcementFiles, "7.属于行政执法案卷"),
    (
        RequestRow::WithheldAdministrativeQuery,
        "8.属于行政查询事项",
    ),
    (
        RequestRow::UnavailableNotHeld,
        "（四）无法提供1.本机关不掌握相关政府信息",
    ),
    (
        RequestRow::UnavailableRequiresCreation,
        "2.没有现成信息需要另行制作",
    ),
    (
        RequestRow::UnavailableUnclearAfterCorrection,
        "3.补正后申请内容仍不明确",
    ),
    (
        RequestRow::NotProcessedPetitionComplaint,
        "（五）不予处理1.信访举报投诉类申请",
    ),
    (RequestRow::NotProcessedDuplicate, "2.重复申请"),
    (RequestRow::NotProcessedPublication, "3.要求提供公开出版物"),
    (
        RequestRow::NotProcessedExcessive,
        "4.无正当理由大量反复申请",
    ),
    (
        RequestRow::NotProcessedReconfirmation,
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    (
        RequestRow::OtherHandlingNoCorrection,
        "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        RequestRow::OtherHandlingFeeUnpaid,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    (RequestRow::OtherHandlingOther, "3.其他"),
    (RequestRow::OutcomeTotal, "（七）总计"),
    (RequestRow::CarriedForward, "四、结转下年度继续办理"),
];

/// The values of a table-三 row (`None` for a cell without a number).
pub fn row(p: &Parsed, r: RequestRow) -> Vec<Option<i64>> {
    let t = p.report.requests.as_ref().expect("table 三");
    t.row(r)
        .expect("row")
        .cells()
        .map(|(_, c)| c.value().copied())
        .collect()
}

/// A table-二 count.
pub fn count(p: &Parsed, r: ProactiveRow, c: ProactiveColumn) -> Option<i64> {
    match p.report.proactive.as_ref()?.get(r, c)? {
        CellRef::Count(c) => c.value().copied(),
        CellRef::Money(_) => None,
    }
}

/// Whether a finding with `code` was made.
pub fn has(p: &Parsed, code: Code) -> bool {
    p.diagnostics.with_code(code).next().is_some()
}

/// The text an HTML fragment shows: tags left out, the references the
/// renderer writes resolved, white space trimmed.
pub fn shown(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

/// `cargo run --example NAME` built with this test build's features (and
/// `serde`, which the examples need), so the example reads what the library
/// in this test reads.
pub fn cargo_example(name: &str) -> std::process::Command {
    let features: Vec<&str> = [
        ("serde", true),
        ("html", cfg!(feature = "html")),
        ("encoding", cfg!(feature = "encoding")),
        ("docx", cfg!(feature = "docx")),
        ("rayon", cfg!(feature = "rayon")),
    ]
    .into_iter()
    .filter_map(|(f, on)| on.then_some(f))
    .collect();
    let mut cmd = std::process::Command::new(env!("CARGO"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "run",
        "--quiet",
        "--no-default-features",
        "--features",
        &features.join(","),
        "--example",
        name,
        "--",
    ]);
    cmd
}
