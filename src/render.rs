//! Rendering: messages from diagnostic values (Chinese and English), and a
//! report back to plain tab-separated text that [`parse`](crate::parse) reads.

use std::fmt::Write as _;

use crate::diagnostic::{Code, Diagnostic, Kind, Lang};
use crate::model::cell::{Cell, CellKind, CellState};
use crate::model::keys::{AppealColumn, AppealGroup};
use crate::model::proactive::{CellRef, Proactive};
use crate::model::report::Report;
use crate::model::requests::Requests;

/// The message template of a code, for a violation or parse finding.
fn template(code: Code, lang: Lang) -> &'static str {
    use Code::*;
    match (code, lang) {
        (ValueNegative, Lang::En) => "{loc}: {found} is negative",
        (ValueNegative, Lang::Zh) => "{loc}：{found}为负数",
        (ModelEditionMismatch, Lang::En) => "{loc}: the editions disagree ({raw})",
        (ModelEditionMismatch, Lang::Zh) => "{loc}：格式版本不一致（{raw}）",
        (ModelRowOutsideLayout, Lang::En) => {
            "{loc}: this row is not part of table 三's declared {raw} layout of （六）"
        }
        (ModelRowOutsideLayout, Lang::Zh) => "{loc}：该行不属于表三所声明的（六）版式（{raw}）",
        (ModelSubtotalWithoutColumn, Lang::En) => {
            "{loc}: a subtotal cell, but table 三 has no subtotal column"
        }
        (ModelSubtotalWithoutColumn, Lang::Zh) => "{loc}：表三未设小计列，却含有小计单元格",
        (ModelImpossibleDate, Lang::En) => "{loc}: the period {raw} has an impossible date",
        (ModelImpossibleDate, Lang::Zh) => "{loc}：统计期限 {raw} 的日期不成立",
        (ModelRawMismatch, Lang::En) => "{loc}: the raw text \"{raw}\" is not the value {found}",
        (ModelRawMismatch, Lang::Zh) => "{loc}：原文“{raw}”与数值{found}不符",
        (ModelSpanOutsideText, Lang::En) => {
            "{loc}: the span ends at byte {found}, past the text's {expected} bytes or inside a character"
        }
        (ModelSpanOutsideText, Lang::Zh) => {
            "{loc}：位置结束于第{found}字节，超出文本的{expected}字节或落在字符中间"
        }
        (ValueNotInteger, Lang::En) => "{loc}: \"{raw}\" is not a whole number",
        (ValueNotInteger, Lang::Zh) => "{loc}：“{raw}”不是整数",
        (RequestsRowTotal, Lang::En) => {
            "{loc}: the total is {found}, but the columns it sums add up to {expected}"
        }
        (RequestsRowTotal, Lang::Zh) => "{loc}：总计为{found}，但各分项之和为{expected}",
        (RequestsOutcomeTotal, Lang::En) => {
            "{loc}: （七）总计 is {found}, but the outcome rows add up to {expected}"
        }
        (RequestsOutcomeTotal, Lang::Zh) => {
            "{loc}：（七）总计为{found}，但各办理结果之和为{expected}"
        }
        (RequestsBalance, Lang::En) => {
            "{loc}: new + carried over = {expected}, but handled + carried forward = {found}"
        }
        (RequestsBalance, Lang::Zh) => {
            "{loc}：第一项加第二项之和为{expected}，第三项加第四项之和为{found}，勾稽关系不成立"
        }
        (RequestsGroupSubtotal, Lang::En) => {
            "{loc}: the printed subtotal is {found}, but its rows add up to {expected}"
        }
        (RequestsGroupSubtotal, Lang::Zh) => "{loc}：小计为{found}，但其各项之和为{expected}",
        (AppealsReviewTotal | AppealsDirectSuitTotal | AppealsSuitAfterReviewTotal, Lang::En) => {
            "{loc}: the total is {found}, but its four parts add up to {expected}"
        }
        (AppealsReviewTotal | AppealsDirectSuitTotal | AppealsSuitAfterReviewTotal, Lang::Zh) => {
            "{loc}：总计为{found}，但结果维持、结果纠正、其他结果、尚未审结之和为{expected}"
        }
        (ProactiveInForceBelowIssued, Lang::En) => {
            "{loc}: {expected} in force, fewer than issued − abolished = {found}"
        }
        (ProactiveInForceBelowIssued, Lang::Zh) => {
            "{loc}：现行有效件数为{expected}，少于本年制发件数减本年废止件数（{found}）"
        }
        (AppealsSuitAfterReviewExceedsReview, Lang::En) => {
            "{loc}: {found} suits after review, more than the {expected} reconsiderations"
        }
        (AppealsSuitAfterReviewExceedsReview, Lang::Zh) => {
            "{loc}：复议后起诉总计{found}件，多于行政复议总计{expected}件"
        }
        (MetaYearMismatch, Lang::En) => {
            "the title names {expected}, but the statistical period is in {found}"
        }
        (MetaYearMismatch, Lang::Zh) => "标题年份为{expected}年，但统计期限为{found}年",
        (CarryOverMismatch, Lang::En) => {
            "{loc}: carried over is {found}, but last year's report carried forward {expected}"
        }
        (CarryOverMismatch, Lang::Zh) => {
            "{loc}：上年结转为{found}，但上年度报告结转下年度为{expected}"
        }
        (ProactiveInForceChain, Lang::En) => {
            "{loc}: last year's in force + issued = {expected}, but in force + abolished = {found}"
        }
        (ProactiveInForceChain, Lang::Zh) => {
            "{loc}：上年现行有效件数加本年制发件数为{expected}，本年现行有效件数加废止件数为{found}"
        }
        (ProactiveItemsChain, Lang::En) => {
            "{loc}: last year's items + change = {expected}, but this year starts from {found}"
        }
        (ProactiveItemsChain, Lang::Zh) => {
            "{loc}：上年项目数量加增减为{expected}，本年上一年项目数量为{found}"
        }
        (AuditDuplicate, Lang::En) => "another report of this body for {found} was read: {raw}",
        (AuditDuplicate, Lang::Zh) => "已读取该机关{found}年度的另一份报告：{raw}",
        (AuditYearGap, Lang::En) => {
            "the body's previous report read is of {found}, not {expected}; the years are not chained"
        }
        (AuditYearGap, Lang::Zh) => {
            "该机关已读取的上一份报告为{found}年度而非{expected}年度，未做跨年度核对"
        }
        (ParseTableMissing, Lang::En) => "{loc} was not found in the text",
        (ParseTableMissing, Lang::Zh) => "文本中未找到{loc}",
        (ParseTableCut, Lang::En) => "the text ends inside {loc}; rows after the cut are missing",
        (ParseTableCut, Lang::Zh) => "文本在{loc}中途截断，其后各行缺失",
        (ParseTableEmpty, Lang::En) => "{loc} holds no number (template left unfilled?)",
        (ParseTableEmpty, Lang::Zh) => "{loc}未填写任何数字",
        (ParseRowMissing, Lang::En) => "{loc} was not found in the text; its cells are missing",
        (ParseRowMissing, Lang::Zh) => "文本中未找到{loc}，其单元格记为缺失",
        (ParseRowShort, Lang::En) => {
            "{loc}: {found} values for {expected} columns; missing: {cells}"
        }
        (ParseRowShort, Lang::Zh) => "{loc}：{expected}列只有{found}个数值，缺失：{cells}",
        (ParseRowLong, Lang::En) => {
            "{loc}: {found} values for {expected} columns; none placed: {unplaced}"
        }
        (ParseRowLong, Lang::Zh) => "{loc}：{expected}列却有{found}个数值，均未填入：{unplaced}",
        (ParseLineTooLong, Lang::En) => {
            "{loc}: a line has more fields than any table row: {found} values past its {expected}th field were not read"
        }
        (ParseLineTooLong, Lang::Zh) => {
            "{loc}：一行的字段数超过任何表格行，第{expected}个字段之后的{found}个数值未读取"
        }
        (ParseUnknownRow, Lang::En) => "values under an unknown label \"{raw}\": {unplaced}",
        (ParseUnknownRow, Lang::Zh) => "无法识别的行标签“{raw}”下的数值：{unplaced}",
        (ParseDuplicateRow, Lang::En) => {
            "{loc} appears again; those values were not placed: {unplaced}"
        }
        (ParseDuplicateRow, Lang::Zh) => "{loc}重复出现，其数值未填入：{unplaced}",
        (ParseUnreadableCell, Lang::En) => "{loc}: \"{raw}\" is not a number",
        (ParseUnreadableCell, Lang::Zh) => "{loc}：“{raw}”不是数字",
        (ParseMixedEdition, Lang::En) => "the text shows signals of both editions: {raw}",
        (ParseMixedEdition, Lang::Zh) => "文本同时具有两种格式版本的特征：{raw}",
        (ParseLabelApproximate, Lang::En) => "the label \"{raw}\" was read as {loc}",
        (ParseLabelApproximate, Lang::Zh) => "行标签“{raw}”按{loc}处理",
        (ParseGluedRecovered, Lang::En) => {
            "{loc}: the glued digits \"{raw}\" were split by {rules}"
        }
        (ParseGluedRecovered, Lang::Zh) => "{loc}：粘连数字“{raw}”按{rules}唯一拆分",
        (ParseGluedAmbiguous, Lang::En) => {
            "{loc}: the glued digits \"{raw}\" split in several ways ({candidates}); cells left unreadable"
        }
        (ParseGluedAmbiguous, Lang::Zh) => {
            "{loc}：粘连数字“{raw}”有多种拆分（{candidates}），单元格记为无法识别"
        }
        (ParseGluedInconsistent, Lang::En) => {
            "{loc}: no split of the glued digits \"{raw}\" satisfies the rules; closest: {candidates}"
        }
        (ParseGluedInconsistent, Lang::Zh) => {
            "{loc}：粘连数字“{raw}”的任何拆分都不满足勾稽关系；最接近的：{candidates}"
        }
        (ParseGluedStated, Lang::En) => "{loc}: {found}, as the report's text states (\"{raw}\")",
        (ParseGluedStated, Lang::Zh) => "{loc}：按报告正文“{raw}”取{found}",
        (ParseEditionAssumed, Lang::En) => "no edition signal found; the 2021 edition was assumed",
        (ParseEditionAssumed, Lang::Zh) => "未发现格式版本特征，按2021年版处理",
        (ParseEndsBeforeTables, Lang::En) => {
            "the text is the start of an annual report and ends before its tables"
        }
        (ParseEndsBeforeTables, Lang::Zh) => "文本为年度报告的开头部分，在统计表之前结束",
        (ParsePre2019Format, Lang::En) => {
            "the report uses the structure of before 2019 ({raw}); it has no template tables to read"
        }
        (ParsePre2019Format, Lang::Zh) => {
            "报告采用2019年以前的结构（{raw}），没有统一格式的统计表可读取"
        }
        (ParseTrailingText, Lang::En) => {
            "after the report's last section the text goes on with more report matter (\"{raw}\"); it was not read"
        }
        (ParseTrailingText, Lang::Zh) => "报告最后一部分之后还有报告内容（“{raw}”），未读取",
        (ParseStatedMismatch, Lang::En) => {
            "{loc}: the prose states {found} (\"{raw}\"), which fits no split of the glued digits; the prose decides nothing"
        }
        (ParseStatedMismatch, Lang::Zh) => {
            "{loc}：正文所述{found}（“{raw}”）与粘连数字的任何拆分都不符，不据此确定"
        }
    }
}

/// What a rule requires, in Chinese: the wording of a check that could not
/// be made, which must not read like its failure.
fn rule_zh(code: Code) -> &'static str {
    match code {
        Code::ValueNegative => "数量或金额不为负数",
        Code::RequestsRowTotal => "行总计等于各申请人类别之和",
        Code::RequestsOutcomeTotal => "（七）总计等于各办理结果之和",
        Code::RequestsBalance => "第一项加第二项之和等于第三项加第四项之和（勾稽关系）",
        Code::RequestsGroupSubtotal => "分组小计等于其各项之和",
        Code::AppealsReviewTotal => "行政复议总计等于各结果之和",
        Code::AppealsDirectSuitTotal => "未经复议直接起诉总计等于各结果之和",
        Code::AppealsSuitAfterReviewTotal => "复议后起诉总计等于各结果之和",
        Code::ProactiveInForceBelowIssued => "现行有效件数不少于本年制发件数减本年废止件数",
        Code::AppealsSuitAfterReviewExceedsReview => "复议后起诉总计不大于行政复议总计",
        Code::MetaYearMismatch => "标题年份与统计期限一致",
        Code::CarryOverMismatch => "上年结转数等于上年度结转下年度数",
        Code::ProactiveInForceChain => "现行有效件数与上年度衔接",
        Code::ProactiveItemsChain => "项目数量与上年度衔接",
        Code::ModelEditionMismatch => "各表格式版本一致",
        Code::ModelRowOutsideLayout => "表三各行属于其所声明的版式",
        Code::ModelSubtotalWithoutColumn => "小计单元格仅见于设有小计列的表三",
        Code::ModelImpossibleDate => "统计期限日期成立",
        Code::ModelRawMismatch => "单元格原文与数值一致",
        Code::ModelSpanOutsideText => "位置在文本范围内",
        other => other.as_str(),
    }
}

/// Renders a diagnostic's message from its values.
impl Diagnostic {
    /// The message, rendered from the finding's values.
    pub fn message(&self, lang: Lang) -> String {
        message(self, lang)
    }
}

fn message(d: &Diagnostic, lang: Lang) -> String {
    let loc = match lang {
        Lang::En => d.path.to_string(),
        Lang::Zh => d.path.describe_zh(),
    };
    let tpl = match (d.kind, lang) {
        (Kind::Violation, Lang::En) if d.proven_by_text => {
            "{loc}: {rule} fails in every split of the glued digits \"{raw}\" (proven by the text; the cells stay unreadable)"
        }
        (Kind::Violation, Lang::Zh) if d.proven_by_text => {
            "{loc}：粘连数字“{raw}”的任何拆分都不满足“{rule}”（由文本证明；单元格仍记为无法识别）"
        }
        (Kind::NotAssessable, Lang::En) => "{loc}: {rule} is not assessable; no number in {cells}",
        (Kind::NotAssessable, Lang::Zh) => "{loc}：无法核对“{rule}”，以下单元格不是数字：{cells}",
        _ => template(d.code, lang),
    };
    let lacking: Vec<String> = d
        .operands
        .iter()
        .filter(|o| o.state != CellKind::Number)
        .map(|o| match lang {
            Lang::En => format!("{} ({})", o.path, o.state.as_str()),
            Lang::Zh => format!("{}（{}）", o.path.describe_zh(), o.state.zh()),
        })
        .collect();
    let cells = list(&lacking, lang);
    let unplaced: Vec<String> = d
        .unplaced
        .iter()
        .map(|s| format!("\"{}\"@{}", s.raw, s.span))
        .collect();
    let mut unplaced = list(&unplaced, lang);
    if d.unplaced_omitted > 0 {
        let _ = match lang {
            Lang::En => write!(unplaced, " (and {} more not listed)", d.unplaced_omitted),
            Lang::Zh => write!(unplaced, "（另有{}个未列出）", d.unplaced_omitted),
        };
    }
    let show = |n: &Option<crate::diagnostic::Number>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut out = String::with_capacity(tpl.len() + 64);
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        match name {
            "loc" => out.push_str(&loc),
            "expected" => out.push_str(&show(&d.expected)),
            "found" => out.push_str(&show(&d.found)),
            "raw" => out.push_str(d.raw.as_deref().unwrap_or("")),
            "cells" => out.push_str(&cells),
            "unplaced" => out.push_str(&unplaced),
            "candidates" => {
                let c: Vec<String> = d
                    .candidates
                    .iter()
                    .map(|row| {
                        let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
                        format!("[{}]", cells.join(","))
                    })
                    .collect();
                out.push_str(&list(&c, lang));
            }
            "rules" => {
                let r: Vec<String> = d.rules.iter().map(|c| c.as_str().to_owned()).collect();
                out.push_str(&r.join(", "));
            }
            "rule" => out.push_str(match lang {
                Lang::En => d.code.as_str(),
                Lang::Zh => rule_zh(d.code),
            }),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    if d.repeated > 0 {
        let _ = match lang {
            Lang::En => write!(out, " (and {} more like it)", d.repeated),
            Lang::Zh => write!(out, "（另有{}处同类）", d.repeated),
        };
    }
    for sg in &d.suggestions {
        let show = |n: &Option<crate::diagnostic::Number>| {
            n.map_or_else(|| "—".to_owned(), |n| n.to_string())
        };
        let [a, b] = sg.cells;
        let _ = match (sg.kind, lang) {
            (crate::SuggestionKind::Merge, Lang::En) => write!(
                out,
                "; perhaps {a} and {b} ({} | {}) are one number {} broken in two",
                show(&sg.before[0]),
                show(&sg.before[1]),
                show(&sg.after[0])
            ),
            (crate::SuggestionKind::Merge, Lang::Zh) => write!(
                out,
                "；{}与{}（{}｜{}）可能是被拆开的同一个数{}",
                a.describe_zh(),
                b.describe_zh(),
                show(&sg.before[0]),
                show(&sg.before[1]),
                show(&sg.after[0])
            ),
            (crate::SuggestionKind::Split, Lang::En) => write!(
                out,
                "; perhaps {a} ({}) holds two numbers glued: {} and {} (for {b})",
                show(&sg.before[0]),
                show(&sg.after[0]),
                show(&sg.after[1])
            ),
            (crate::SuggestionKind::Split, Lang::Zh) => write!(
                out,
                "；{}（{}）可能是两个数粘连：{}与{}（属于{}）",
                a.describe_zh(),
                show(&sg.before[0]),
                show(&sg.after[0]),
                show(&sg.after[1]),
                b.describe_zh()
            ),
        };
    }
    if let Some(code) = d.extraction_suspect {
        match lang {
            Lang::En => {
                let _ = write!(
                    out,
                    " (a row this rule reads was extracted incompletely: {code}; the report itself may be consistent)"
                );
            }
            Lang::Zh => {
                let _ = write!(
                    out,
                    "（该规则涉及的行提取不完整：{code}，原报告本身可能无误）"
                );
            }
        }
    }
    out
}

/// Joins at most four items, then says how many more (the diagnostic
/// itself keeps them all).
fn list(items: &[String], lang: Lang) -> String {
    const SHOWN: usize = 4;
    let mut out = items[..items.len().min(SHOWN)].join(match lang {
        Lang::En => ", ",
        Lang::Zh => "、",
    });
    if items.len() > SHOWN {
        let more = items.len() - SHOWN;
        let _ = match lang {
            Lang::En => write!(out, " and {more} more"),
            Lang::Zh => write!(out, "等{}处", items.len()),
        };
    }
    out
}

fn cell_text<T: std::fmt::Display>(cell: &Cell<T>) -> String {
    match &cell.state {
        CellState::Number(v) => v.to_string(),
        CellState::Blank | CellState::Missing => String::new(),
        CellState::NotApplicable => "/".to_owned(),
        // its raw text, unless that would read as a value (a glued run
        // shared by several cells)
        CellState::Unreadable => cell
            .source
            .as_ref()
            .filter(|s| crate::parse::reads_as_text(&s.raw))
            .map_or_else(|| "?".to_owned(), |s| s.raw.to_string()),
    }
}

fn cell_ref_text(cell: CellRef<'_>) -> String {
    match cell {
        CellRef::Count(c) => cell_text(c),
        CellRef::Money(c) => cell_text(c),
    }
}

/// Renders a report as plain tab-separated text in the national layout
/// (title, period, the three tables with their headers), which
/// [`parse`](crate::parse) reads back to the same cells.
///
/// Blank and missing cells are both written as empty fields (so a missing
/// cell reads back as blank); not applicable is `/`; an unreadable cell is
/// written as its raw text, or as `?` when that text would read as a value
/// (the digits of a glued run several cells share), so it reads back
/// unreadable.
pub fn to_text(report: &Report) -> String {
    let mut s = String::with_capacity(4096);
    if let Some(agency) = &report.meta.agency {
        s.push_str(agency);
        s.push('\n');
    }
    if let Some(year) = report.meta.title_year {
        let _ = writeln!(s, "{year}年政府信息公开工作年度报告");
    }
    if let Some(p) = &report.meta.period {
        let _ = writeln!(
            s,
            "本报告统计期限为{}年{}月{}日至{}年{}月{}日。",
            p.start.year, p.start.month, p.start.day, p.end.year, p.end.month, p.end.day
        );
    }
    s.push_str("一、总体情况\n\n");
    if let Some(t) = &report.proactive {
        s.push_str("二、主动公开政府信息情况\n");
        proactive_text(&mut s, t);
    }
    if let Some(t) = &report.requests {
        s.push_str("三、收到和处理政府信息公开申请情况\n");
        requests_text(&mut s, t);
    }
    if let Some(t) = &report.appeals {
        s.push_str("四、政府信息公开行政复议、行政诉讼情况\n");
        s.push_str("行政复议\t\t\t\t\t行政诉讼\n");
        s.push_str(
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n",
        );
        s.push_str("\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n");
        let fields: Vec<String> = AppealGroup::ALL
            .iter()
            .flat_map(|g| {
                AppealColumn::ALL
                    .iter()
                    .map(move |c| cell_text(t.group(*g).get(*c)))
            })
            .collect();
        s.push_str(&fields.join("\t"));
        s.push('\n');
    }
    s.push_str("五、存在的主要问题及改进情况\n\n六、其他需要报告的事项\n");
    s
}

fn proactive_text(s: &mut String, t: &Proactive) {
    let edition = t.edition();
    let mut block = "";
    for (row, cols) in Proactive::layout(edition) {
        let title = crate::parse::labels::proactive_block_title(*row);
        if title != block {
            block = title;
            let _ = writeln!(s, "{title}\t\t\t");
            let header: Vec<&str> = cols
                .iter()
                .map(|c| crate::parse::labels::proactive_column_label(edition, *c))
                .collect();
            let _ = writeln!(s, "信息内容\t{}", header.join("\t"));
        }
        let label = crate::parse::labels::proactive_row_label(edition, *row);
        let values: Vec<String> = cols
            .iter()
            .filter_map(|c| t.get(*row, *c).map(cell_ref_text))
            .collect();
        let unit = match t {
            Proactive::V2019(p) if *row == crate::ProactiveRow::Procurement => {
                p.procurement.amount_unit.as_deref().unwrap_or("")
            }
            _ => "",
        };
        let _ = writeln!(s, "{label}\t{}{unit}", values.join("\t"));
    }
}

fn requests_text(s: &mut String, t: &Requests) {
    s.push_str(
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况\n",
    );
    if t.subtotal_column {
        s.push_str("\t\t自然人\t法人或其他组织\t\t\t\t\t\t总计\n");
        s.push_str("\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t小计\t\n");
    } else {
        s.push_str("\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n");
        s.push_str("\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n");
    }
    for (row, cells) in &t.rows {
        s.push_str(row.label());
        s.push('\t');
        let values: Vec<String> = t
            .columns()
            .map(|c| cells.get(c).map(cell_text).unwrap_or_default())
            .collect();
        s.push_str(&values.join("\t"));
        s.push('\n');
    }
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// A `<td>` with its spans (1 is left out) and escaped text.
fn td(s: &mut String, text: &str, rowspan: usize, colspan: usize) {
    s.push_str("<td");
    if rowspan > 1 {
        let _ = write!(s, " rowspan=\"{rowspan}\"");
    }
    if colspan > 1 {
        let _ = write!(s, " colspan=\"{colspan}\"");
    }
    s.push('>');
    s.push_str(&escape_html(text));
    s.push_str("</td>");
}

/// Renders a report as an HTML page with the national tables in their
/// official merged-cell structure — the three-level header of table 三,
/// the vertical `三、本年度办理结果` cell spanning the outcome rows, the
/// group labels spanning their rows, the single-value rows of table 二
/// spanning three columns — which [`parse`](crate::parse) reads back to
/// the same cells, as it reads [`to_text`] (cells are written as
/// [`to_text`] writes them: a missing cell as an empty cell).
///
/// ```
/// use ogi_report::{parse, to_html, Edition, ErrorKind, Format, Report, RequestColumn, RequestRow};
///
/// let mut report = Report::new(Edition::V2021);
/// report.set_request_counts(RequestRow::NewReceived, [3, 0, 0, 1, 0, 0]);
/// let html = to_html(&report);
/// assert!(html.contains("rowspan"));
/// let parsed = match parse(&html) {
///     Ok(parsed) => parsed,
///     // a build without the `html` feature refuses markup
///     Err(e) => {
///         assert_eq!(e.kind(), &ErrorKind::HtmlNeedsFeature);
///         return Ok(());
///     }
/// };
/// assert_eq!(parsed.format, Format::Html);
/// let requests = parsed.report.requests.as_ref().unwrap();
/// let total = requests.get(RequestRow::NewReceived, RequestColumn::Total).unwrap();
/// assert_eq!(total.value(), Some(&4));
/// # Ok::<(), ogi_report::Error>(())
/// ```
pub fn to_html(report: &Report) -> String {
    let mut s = String::with_capacity(16 * 1024);
    s.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
    s.push_str("<title>政府信息公开工作年度报告</title>");
    s.push_str("<style>td{border:1px solid #000}</style></head>\n<body>\n");
    if let Some(agency) = &report.meta.agency {
        let _ = writeln!(s, "<p>{}</p>", escape_html(agency));
    }
    if let Some(year) = report.meta.title_year {
        let _ = writeln!(s, "<h1>{year}年政府信息公开工作年度报告</h1>");
    }
    if let Some(p) = &report.meta.period {
        let _ = writeln!(
            s,
            "<p>本报告统计期限为{}年{}月{}日至{}年{}月{}日。</p>",
            p.start.year, p.start.month, p.start.day, p.end.year, p.end.month, p.end.day
        );
    }
    s.push_str("<p>一、总体情况</p>\n");
    if let Some(t) = &report.proactive {
        s.push_str("<p>二、主动公开政府信息情况</p>\n<table>\n");
        proactive_html(&mut s, t);
        s.push_str("</table>\n");
    }
    if let Some(t) = &report.requests {
        s.push_str("<p>三、收到和处理政府信息公开申请情况</p>\n<table>\n");
        requests_html(&mut s, t);
        s.push_str("</table>\n");
    }
    if let Some(t) = &report.appeals {
        s.push_str("<p>四、政府信息公开行政复议、行政诉讼情况</p>\n<table>\n<tr>");
        td(&mut s, "行政复议", 1, 5);
        td(&mut s, "行政诉讼", 1, 10);
        s.push_str("</tr>\n<tr>");
        for h in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
            td(&mut s, h, 2, 1);
        }
        td(&mut s, "未经复议直接起诉", 1, 5);
        td(&mut s, "复议后起诉", 1, 5);
        s.push_str("</tr>\n<tr>");
        for _ in 0..2 {
            for h in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
                td(&mut s, h, 1, 1);
            }
        }
        s.push_str("</tr>\n<tr>");
        for g in AppealGroup::ALL {
            for c in AppealColumn::ALL {
                td(&mut s, &cell_text(t.group(*g).get(*c)), 1, 1);
            }
        }
        s.push_str("</tr>\n</table>\n");
    }
    s.push_str(
        "<p>五、存在的主要问题及改进情况</p>\n<p>六、其他需要报告的事项</p>\n</body></html>\n",
    );
    s
}

fn proactive_html(s: &mut String, t: &Proactive) {
    use crate::parse::labels::{
        proactive_block_title, proactive_column_label, proactive_row_label,
    };
    const WIDTH: usize = 3;
    let edition = t.edition();
    let mut block = "";
    for (row, cols) in Proactive::layout(edition) {
        let last_span = WIDTH + 1 - cols.len();
        let title = proactive_block_title(*row);
        if title != block {
            block = title;
            s.push_str("<tr>");
            td(s, title, 1, WIDTH + 1);
            s.push_str("</tr>\n<tr>");
            td(s, "信息内容", 1, 1);
            for (i, c) in cols.iter().enumerate() {
                let span = if i + 1 == cols.len() { last_span } else { 1 };
                td(s, proactive_column_label(edition, *c), 1, span);
            }
            s.push_str("</tr>\n");
        }
        s.push_str("<tr>");
        td(s, proactive_row_label(edition, *row), 1, 1);
        let unit = match t {
            Proactive::V2019(p) if *row == crate::ProactiveRow::Procurement => {
                p.procurement.amount_unit.as_deref().unwrap_or("")
            }
            _ => "",
        };
        for (i, c) in cols.iter().enumerate() {
            let text = t.get(*row, *c).map(cell_ref_text).unwrap_or_default();
            if i + 1 == cols.len() {
                td(s, &format!("{text}{unit}"), 1, last_span);
            } else {
                td(s, &text, 1, 1);
            }
        }
        s.push_str("</tr>\n");
    }
}

fn requests_html(s: &mut String, t: &Requests) {
    use crate::model::keys::RequestRow;
    let columns: Vec<_> = t.columns().collect();
    let orgs = columns.len() - 2;
    s.push_str("<tr>");
    td(
        s,
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        3,
        3,
    );
    td(s, "申请人情况", 1, columns.len());
    s.push_str("</tr>\n<tr>");
    td(s, "自然人", 2, 1);
    td(s, "法人或其他组织", 1, orgs);
    td(s, "总计", 2, 1);
    s.push_str("</tr>\n<tr>");
    for h in [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ] {
        td(s, h, 1, 1);
    }
    if t.subtotal_column {
        td(s, "小计", 1, 1);
    }
    s.push_str("</tr>\n");
    let outcome = |r: RequestRow| {
        !matches!(
            r,
            RequestRow::NewReceived | RequestRow::CarriedOver | RequestRow::CarriedForward
        )
    };
    let outcome_rows = t.rows.keys().filter(|r| outcome(**r)).count();
    let mut first_outcome = true;
    let mut group_open: Option<RequestRow> = None;
    for (row, cells) in &t.rows {
        s.push_str("<tr>");
        if !outcome(*row) {
            td(s, row.label(), 1, 3);
        } else {
            if first_outcome {
                td(s, "三、本年度办理结果", outcome_rows, 1);
                first_outcome = false;
            }
            match row.group() {
                // a group printed with its subtotal row: its rows stand alone
                Some(g) if t.rows.contains_key(&g) => td(s, row.label(), 1, 2),
                Some(g) => {
                    if group_open != Some(g) {
                        let members = g.members().filter(|m| t.rows.contains_key(m)).count();
                        td(s, g.label(), members, 1);
                        group_open = Some(g);
                    }
                    td(s, row.label(), 1, 1);
                }
                None => td(s, row.label(), 1, 2),
            }
        }
        for c in &columns {
            td(s, &cells.get(*c).map(cell_text).unwrap_or_default(), 1, 1);
        }
        s.push_str("</tr>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::CODES;
    use crate::model::path::Path;

    /// A check that could not be made never reads like its failure.
    #[test]
    fn not_assessable_messages_do_not_quote_the_violation() {
        for info in CODES
            .iter()
            .filter(|i| !i.code.as_str().starts_with("parse."))
        {
            let d = Diagnostic::new(info.code, Kind::NotAssessable, Path::Document);
            let zh = d.message(Lang::Zh);
            assert!(!zh.contains(info.summary_zh), "{zh}");
            assert!(zh.contains("无法核对"), "{zh}");
            assert!(d.message(Lang::En).contains("not assessable"));
        }
    }
}
