//! The text reader on shapes real reports outside the samples show, one
//! test per class of text: stray spaces in glued runs, enumerators glued to
//! cells, table 四 on its header's line, space-separated flattened pages,
//! partial solutions, own section numbering, messy Markdown, label variants,
//! prose in a table region, signed changes, money, prose figures, excerpts
//! and old reports, Traditional characters, invisible characters and text
//! cells, meta spans and line endings, wrapped layout labels, units apart.

mod common;

use common::{LABELS, count, has, row};
use ogi_report::{
    AppealColumn, AppealGroup, CellKind, CellRef, CheckOptions, Code, Edition, ErrorKind, Kind,
    Parsed, ProactiveColumn, ProactiveRow, RequestRow, parse, validate,
};

const T4_HEADER: &str = "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计";

/// A whole report flattened to one line: table 二's text, table 三's rows
/// (`cells` per row, `"0000000"` where not given), table 四's text.
fn page(t2: &str, rows: &[(RequestRow, &str)], t4: &str) -> String {
    let mut t3 = String::new();
    for (row, label) in LABELS {
        t3.push_str(label);
        let cells = rows
            .iter()
            .find(|(r, _)| *r == row)
            .map_or("0000000", |(_, c)| c);
        t3.push_str(cells);
    }
    format!(
        "标题: 某某局2024年政府信息公开工作年度报告\n正文 一、总体情况 本报告统计期限为2024年1月1日至2024年12月31日。\
         二、主动公开政府信息情况{t2}三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\
         申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他{t3}\
         四、政府信息公开行政复议、行政诉讼情况{T4_HEADER}{t4}五、存在的主要问题及改进情况 略。六、其他需要报告的事项 无。"
    )
}

const T2: &str = "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件101\
                  第二十条第（五）项信息内容本年处理决定数量行政许可5第二十条第（六）项信息内容本年处理决定数量行政处罚3行政强制0\
                  第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0";

fn some(v: &[i64]) -> Vec<Option<i64>> {
    v.iter().map(|x| Some(*x)).collect()
}

fn appeals(p: &Parsed) -> Vec<Option<i64>> {
    let t = p.report.appeals.as_ref().expect("table 四");
    t.cells().map(|(_, _, c)| c.value().copied()).collect()
}

// 1. Stray spaces inside glued runs.
#[test]
fn stray_spaces_are_possible_boundaries_in_flattened_rows() {
    let text = page(
        T2,
        &[
            (RequestRow::NewReceived, "20 0 00 0 2"),
            (RequestRow::Disclosed, "2000 00 2"),
            (RequestRow::OutcomeTotal, "200000 2"),
            (RequestRow::CarriedOver, "000000 0"),
        ],
        "000000000000000",
    );
    let p = parse(&text).unwrap();
    assert_eq!(
        row(&p, RequestRow::NewReceived),
        some(&[2, 0, 0, 0, 0, 0, 2])
    );
    assert_eq!(row(&p, RequestRow::Disclosed), some(&[2, 0, 0, 0, 0, 0, 2]));
    assert_eq!(row(&p, RequestRow::CarriedOver), some(&[0; 7]));
    let v = validate(&text, &CheckOptions::default()).unwrap();
    assert!(!v.diagnostics.has_errors(), "{:?}", v.diagnostics);
}

#[test]
fn a_space_may_sit_inside_a_cell_and_the_total_decides() {
    // nine tokens for seven cells: some space lies inside a cell; the row
    // total leaves 29,1,0,0,0,0,30
    let text = page(
        T2,
        &[
            (RequestRow::NewReceived, "2 9 1 0 0 0 0 3 0"),
            (RequestRow::UnavailableNotHeld, "291000030"),
            (RequestRow::OutcomeTotal, "29 1 0 0 0 0 30"),
        ],
        "000000000000000",
    );
    let p = parse(&text).unwrap();
    assert_eq!(
        row(&p, RequestRow::NewReceived),
        some(&[29, 1, 0, 0, 0, 0, 30])
    );
}

#[test]
fn aligned_rows_with_a_lost_cell_are_not_glued() {
    let text = "三、收到和处理政府信息公开申请情况\n\
                一、本年新收政府信息公开申请数量      2    0    0    0    0    2\n\
                四、政府信息公开行政复议、行政诉讼情况\n";
    let p = parse(text).unwrap();
    assert!(row(&p, RequestRow::NewReceived).iter().all(Option::is_none));
    let short = p.diagnostics.with_code(Code::ParseRowShort).next().unwrap();
    assert_eq!(short.unplaced.len(), 6);
    assert!(!has(&p, Code::ParseGluedAmbiguous));
}

// 2. A row's last cell glued to the next row's enumerator.
#[test]
fn a_cell_glued_to_the_next_enumerator() {
    let text = page(
        T2,
        &[
            (RequestRow::WithheldStateSecret, "000000 0"),
            (RequestRow::WithheldProhibitedByLaw, "0 0 0 0 0 0 0"),
        ],
        "000000000000000",
    );
    // `… 000000 02.其他法律…`: `02.` is the cell 0 and the row 2.
    assert!(text.contains("000000 02.其他法律"));
    let p = parse(&text).unwrap();
    assert_eq!(row(&p, RequestRow::WithheldStateSecret), some(&[0; 7]));
    assert_eq!(row(&p, RequestRow::WithheldProhibitedByLaw), some(&[0; 7]));
    assert!(!has(&p, Code::ParseUnknownRow), "{:?}", p.diagnostics);
}

// 3. Table 四's header and values on one line.
#[test]
fn table_four_on_its_header_line() {
    for t4 in [
        " 0 1 0 1 2 0 0 0 0 0 0 0 0 0 0",
        " 01 0 1 20 0 0 0 0 0 0 0 00",
        " 010120000000000",
    ] {
        let text = page(T2, &[], t4);
        let p = parse(&text).unwrap();
        let mut want = vec![Some(0); 15];
        want[1] = Some(1);
        want[3] = Some(1);
        want[4] = Some(2);
        assert_eq!(appeals(&p), want, "{t4}");
        assert!(!has(&p, Code::ParseUnknownRow), "{t4}: {:?}", p.diagnostics);
    }
}

// 4. A flattened page with every cell space-separated and no glued digits.
#[test]
fn space_separated_flattened_page_splits_at_labels() {
    let text = "二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 \
                规章 0 0 0 行政规范性文件 12 3 15 第二十条第（五）项 信息内容 本年处理决定数量 行政许可 5 \
                第二十条第（六）项 信息内容 本年处理决定数量 行政处罚 3 行政强制 0 \
                第二十条第（八）项 信息内容 本年收费金额（单位：万元） 行政事业性收费 0 \
                三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1 \
                二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0 四、政府信息公开行政复议、行政诉讼情况";
    let p = parse(text).unwrap();
    let pr = ProactiveRow::NormativeDocuments;
    assert_eq!(count(&p, pr, ProactiveColumn::Issued), Some(12));
    assert_eq!(count(&p, pr, ProactiveColumn::Abolished), Some(3));
    assert_eq!(count(&p, pr, ProactiveColumn::InForce), Some(15));
    assert_eq!(
        count(&p, ProactiveRow::Licensing, ProactiveColumn::Decisions),
        Some(5)
    );
    assert_eq!(
        row(&p, RequestRow::NewReceived),
        some(&[1, 0, 0, 0, 0, 0, 1])
    );
}

// 5. Partial solutions.
#[test]
fn an_inconsistent_glued_table_keeps_what_the_text_pins_down() {
    let text = page(
        T2,
        &[
            // the rows that do not read the broken one pin these down
            (RequestRow::NewReceived, "291000030"),
            (RequestRow::UnavailableNotHeld, "291000030"),
            (RequestRow::OutcomeTotal, "291000030"),
            // no split satisfies its own total: 11,0,…,3 or 1,10,…,3
            (RequestRow::Disclosed, "11000003"),
        ],
        "000000000000000",
    );
    let v = validate(&text, &CheckOptions::default()).unwrap();
    let r = &v.report;
    let new = r
        .requests
        .as_ref()
        .unwrap()
        .row(RequestRow::NewReceived)
        .unwrap();
    let got: Vec<Option<i64>> = new.cells().map(|(_, c)| c.value().copied()).collect();
    assert_eq!(got, some(&[29, 1, 0, 0, 0, 0, 30]));
    let disclosed: Vec<(CellKind, Option<i64>)> = r
        .requests
        .as_ref()
        .unwrap()
        .row(RequestRow::Disclosed)
        .unwrap()
        .cells()
        .map(|(_, c)| (c.kind(), c.value().copied()))
        .collect();
    // the cells every split agrees on are filled, the others unreadable
    assert_eq!(disclosed[0].0, CellKind::Unreadable);
    assert_eq!(disclosed[1].0, CellKind::Unreadable);
    assert_eq!(
        disclosed[2..].iter().map(|c| c.1).collect::<Vec<_>>(),
        some(&[0, 0, 0, 0, 3])
    );
    // the row total fails in every reading: an error, proven by the text
    let proven: Vec<_> = v
        .diagnostics
        .errors()
        .filter(|d| d.proven_by_text)
        .collect();
    assert!(
        proven.iter().any(|d| d.code == Code::RequestsRowTotal
            && d.path.to_string() == "requests.disclosed.total"),
        "{proven:?}"
    );
    assert!(
        proven[0]
            .message(ogi_report::Lang::En)
            .contains("proven by the text")
    );
    // and is not also reported as not assessable
    assert!(!v.diagnostics.iter().any(|d| d.kind == Kind::NotAssessable
        && d.code == Code::RequestsRowTotal
        && d.path.to_string() == "requests.disclosed.total"));
    assert!(
        v.diagnostics
            .with_code(Code::ParseGluedInconsistent)
            .next()
            .is_some()
    );
}

// 6. Reports that number their own sections.
#[test]
fn tables_found_by_content_under_other_numerals() {
    let text = "某某局2024年政府信息公开工作年度报告\n\
                一、总体情况\n略。\n二、主动公开\n略。\n三、依申请公开\n略。\n\
                四、存在的主要问题及改进情况\n略。\n五、其他需要报告的事项\n无。\n\
                附表\n一、主动公开政府信息情况\n第二十条第（一）项\n规章\t0\t0\t0\n行政规范性文件\t2\t0\t9\n\
                二、收到和处理政府信息公开申请情况\n\
                一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n\
                三、政府信息公开行政复议、行政诉讼情况\n\
                行政复议\t行政诉讼\n结果维持\t结果纠正\n\
                0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n";
    let p = parse(text).unwrap();
    assert_eq!(
        count(
            &p,
            ProactiveRow::NormativeDocuments,
            ProactiveColumn::InForce
        ),
        Some(9)
    );
    assert_eq!(
        row(&p, RequestRow::NewReceived),
        some(&[1, 0, 0, 0, 0, 0, 1])
    );
    assert_eq!(appeals(&p), vec![Some(0); 15]);
}

// 7. Messy Markdown.
#[test]
fn markdown_labels_detached_and_a_lost_middle_column() {
    let text = "二、主动公开政府信息情况\n第二十条第（一）项\n\
                | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n\
                | 规章 | 22 | 235 |\n\
                三、收到和处理政府信息公开申请情况\n\
                | 4.无正当理由大量反复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
                5.要求行政机关确认或重新出具\n已获取信息\n\
                | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\
                | 行政机关不再处理其政府信息公 | 40 | 1 | 0 | 0 | 2 | 0 | 43 |\n\
                | 缴纳费用、 | 行政机关不再处理其政 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n\
                | 3.其他 | 264 | 12 | 0 | 0 | 0 | 0 | 276 |\n\
                四、政府信息公开行政复议、行政诉讼情况\n";
    let p = parse(text).unwrap();
    // the closed row lost a middle cell: which one is unknown, nothing is placed
    for c in [
        ProactiveColumn::Issued,
        ProactiveColumn::Abolished,
        ProactiveColumn::InForce,
    ] {
        assert_eq!(count(&p, ProactiveRow::Rules, c), None);
    }
    assert!(
        p.diagnostics
            .with_code(Code::ParseRowShort)
            .any(|d| d.path.to_string() == "proactive.rules")
    );
    // value rows paired with the rows the table expects between matched ones
    assert_eq!(
        row(&p, RequestRow::NotProcessedReconfirmation),
        some(&[0; 7])
    );
    assert_eq!(
        row(&p, RequestRow::OtherHandlingNoCorrection),
        some(&[40, 1, 0, 0, 2, 0, 43])
    );
    assert_eq!(
        row(&p, RequestRow::OtherHandlingFeeUnpaid),
        some(&[5, 0, 0, 0, 0, 0, 5])
    );
}

#[test]
fn loose_text_naming_the_lost_column_places_the_rest() {
    let text = "二、主动公开政府信息情况\n第二十条第（一）项\n22\n（含自然失效 29 件）\n\
                | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n\
                | 规章 | 22 | 235 |\n三、收到和处理政府信息公开申请情况\n";
    let p = parse(text).unwrap();
    assert_eq!(
        count(&p, ProactiveRow::Rules, ProactiveColumn::Issued),
        Some(22)
    );
    assert_eq!(
        count(&p, ProactiveRow::Rules, ProactiveColumn::Abolished),
        None
    );
    assert_eq!(
        count(&p, ProactiveRow::Rules, ProactiveColumn::InForce),
        Some(235)
    );
}

// 8. Label variants.
#[test]
fn label_variants() {
    let t2 = T2.replace("行政规范性文件101", "规范性文件107");
    let mut text = page(&t2, &[], "000000000000000");
    text = text.replace(
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请0000000",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请0000000其他",
    );
    text = text.replace("3.其他0000000", "0000000");
    text = text.replace(
        "五、存在的主要问题及改进情况",
        "五、存在的主要问题及改进措施",
    );
    let p = parse(&text).unwrap();
    assert_eq!(
        count(
            &p,
            ProactiveRow::NormativeDocuments,
            ProactiveColumn::InForce
        ),
        Some(7)
    );
    assert_eq!(row(&p, RequestRow::OtherHandlingOther), some(&[0; 7]));
    assert_eq!(appeals(&p), vec![Some(0); 15]);
    assert!(!has(&p, Code::ParseUnknownRow), "{:?}", p.diagnostics);
}

// 9. Prose inside a table region, text after the last section.
#[test]
fn prose_is_not_cells_and_trailing_reports_are_said() {
    let text = page(T2, &[], "").replace(T4_HEADER, "2024年，本机关未发生行政复议、行政诉讼案件。")
        + "另一局2023年政府信息公开工作年度报告 一、总体情况 略。";
    let p = parse(&text).unwrap();
    assert!(p.report.appeals.is_none());
    assert!(has(&p, Code::ParseTableMissing));
    let d = p
        .diagnostics
        .with_code(Code::ParseTrailingText)
        .next()
        .unwrap();
    let s = d.span.unwrap();
    assert!(text[s.start..].starts_with("政府信息公开工作年度报告"));
}

// 10. Signed 本年增/减.
#[test]
fn signed_changes_in_glued_2019_rows() {
    let text = "二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件335\
                第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可88-720其他对外管理服务事项000\
                第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费15-15\
                三、收到和处理政府信息公开申请情况";
    let p = parse(text).unwrap();
    assert_eq!(p.report.edition, Some(Edition::V2019));
    let c = |r, c| count(&p, r, c);
    assert_eq!(
        c(ProactiveRow::Fees, ProactiveColumn::ItemsLastYear),
        Some(15)
    );
    assert_eq!(
        c(ProactiveRow::Fees, ProactiveColumn::ItemsChange),
        Some(-15)
    );
    // `88-720`: only 88 is certain
    assert_eq!(
        c(ProactiveRow::Licensing, ProactiveColumn::ItemsLastYear),
        Some(88)
    );
    assert_eq!(
        c(ProactiveRow::Licensing, ProactiveColumn::ItemsChange),
        None
    );
    assert_eq!(c(ProactiveRow::Licensing, ProactiveColumn::Decisions), None);
    let d = p
        .diagnostics
        .with_code(Code::ParseGluedAmbiguous)
        .find(|d| d.path.to_string() == "proactive.licensing")
        .unwrap();
    assert_eq!(d.raw.as_deref(), Some("88-720"));
    assert!(d.candidates.len() >= 2);
}

// 11. Money.
#[test]
fn decimals_do_not_count_against_a_cell_digit_limit() {
    let text = page(
        &T2.replace("行政事业性收费0", "行政事业性收费31408.527193"),
        &[],
        "000000000000000",
    );
    let p = parse(&text).unwrap();
    match p
        .report
        .proactive
        .as_ref()
        .unwrap()
        .get(ProactiveRow::Fees, ProactiveColumn::Amount)
    {
        Some(CellRef::Money(c)) => {
            assert_eq!(
                c.value().map(ToString::to_string).as_deref(),
                Some("31408.527193")
            )
        }
        other => panic!("{other:?}"),
    }
}

// 12. Figures stated in the prose.
#[test]
fn prose_figures_decide_only_when_they_all_fit() {
    let body = T2.replace("行政规范性文件101", "行政规范性文件6034");
    let text = page(&body, &[], "000000000000000").replace(
        "一、总体情况 ",
        "一、总体情况 全年制发行政规范性文件6件，废止0件。",
    );
    let p = parse(&text).unwrap();
    let r = ProactiveRow::NormativeDocuments;
    assert_eq!(count(&p, r, ProactiveColumn::Issued), Some(6));
    assert_eq!(count(&p, r, ProactiveColumn::InForce), Some(34));
    assert_eq!(p.diagnostics.with_code(Code::ParseGluedStated).count(), 2);

    // a stated figure no split fits: the prose decides nothing
    let text = page(&body, &[], "000000000000000")
        .replace("一、总体情况 ", "一、总体情况 全年制发行政规范性文件7件。");
    let p = parse(&text).unwrap();
    assert_eq!(count(&p, r, ProactiveColumn::Issued), None);
    assert!(has(&p, Code::ParseStatedMismatch));
    assert!(has(&p, Code::ParseGluedAmbiguous));
}

// 13. Excerpts and old reports.
#[test]
fn an_excerpt_is_a_report_that_ends_before_its_tables() {
    let text = "首页 > 年报 > 木塔乡人民政府2024年政府信息公开工作年度报告\n\
                木塔乡人民政府2024年政府信息公开工作年度报告\n\
                本报告依据《国办公开办函〔2021〕30号》要求编制。统计期限为2024年1月1日至12月31日。\n\
                一、总体情况\n（一）主动公开\n2024年，我乡发布信息731条。";
    let p = parse(text).unwrap();
    assert_eq!(p.report.meta.title_year, Some(2024));
    assert_eq!(
        p.report.meta.title.as_deref(),
        Some("木塔乡人民政府2024年政府信息公开工作年度报告")
    );
    assert_eq!(p.report.edition, Some(Edition::V2021));
    assert!(p.report.meta.period.is_some());
    assert!(has(&p, Code::ParseEndsBeforeTables));
    assert!(p.report.requests.is_none());

    let old = "某县2017年政府信息公开工作年度报告\n一、概述\n略。\n二、主动公开政府信息情况\n全年公开信息100条。\n\
               三、依申请公开政府信息情况\n略。\n四、政府信息公开的收费及减免情况\n无。\n";
    let p = parse(old).unwrap();
    assert!(has(&p, Code::ParsePre2019Format));
    assert!(!has(&p, Code::ParseTableMissing));

    assert_eq!(
        parse("今天天气很好。").unwrap_err().kind(),
        &ErrorKind::NoReport
    );
}

// 14. Traditional characters, in flattened text too.
#[test]
fn traditional_flattened_text() {
    let text = "二、主動公開政府信息情況第二十條第（一）項信息內容本年製發件數本年廢止件數現行有效件數規章000行政規範性文件101\
                三、收到和處理政府信息公開申請情況一、本年新收政府信息公開申請數量1000001二、上年結轉政府信息公開申請數量0000000\
                四、政府信息公開行政復議、行政訴訟情況行政復議行政訴訟結果維持結果糾正其他結果尚未審結總計000000000000000\
                五、存在的主要問題及改進情況";
    let p = parse(text).unwrap();
    assert_eq!(
        row(&p, RequestRow::NewReceived),
        some(&[1, 0, 0, 0, 0, 0, 1])
    );
    assert_eq!(
        count(
            &p,
            ProactiveRow::NormativeDocuments,
            ProactiveColumn::InForce
        ),
        Some(1)
    );
    assert_eq!(appeals(&p), vec![Some(0); 15]);
}

// 15. Invisible characters and text in a first value cell.
#[test]
fn invisible_characters_and_text_cells() {
    let text = "二、主动公开政府信息情况\n规章\t\u{200B}3\u{200E}\t0\u{2060}\t3\u{AD}\n\
                行政规范性文件\t无\t0\t5\n三、收到和处理政府信息公开申请情况\n\
                1.本机关不掌握相关政府信息 无 0 0 0 0 0 0\n";
    let p = parse(text).unwrap();
    assert_eq!(
        count(&p, ProactiveRow::Rules, ProactiveColumn::Issued),
        Some(3)
    );
    assert_eq!(
        count(&p, ProactiveRow::Rules, ProactiveColumn::InForce),
        Some(3)
    );
    let nd = ProactiveRow::NormativeDocuments;
    assert_eq!(count(&p, nd, ProactiveColumn::Issued), None);
    assert_eq!(count(&p, nd, ProactiveColumn::Abolished), Some(0));
    assert_eq!(count(&p, nd, ProactiveColumn::InForce), Some(5));
    let not_held = row(&p, RequestRow::UnavailableNotHeld);
    assert_eq!(not_held[0], None);
    assert_eq!(&not_held[1..], &some(&[0; 6])[..]);
    assert!(has(&p, Code::ParseUnreadableCell));
}

// 16. Meta spans and line endings.
#[test]
fn title_span_and_cr_line_endings() {
    let lf = "标题: 某某局2024年政府信息公开工作年度报告\n二、主动公开政府信息情况\n规章\t1\t0\t1\n三、收到和处理政府信息公开申请情况\n";
    let p = parse(lf).unwrap();
    let s = p.report.meta.title_span.unwrap();
    assert_eq!(&lf[s.start..s.end], "2024");
    let cr = lf.replace('\n', "\r");
    let q = parse(&cr).unwrap();
    assert_eq!(
        count(&q, ProactiveRow::Rules, ProactiveColumn::Issued),
        Some(1)
    );
    assert_eq!(q.report.meta.title_year, Some(2024));
    let s = q.report.meta.title_span.unwrap();
    assert_eq!(&cr[s.start..s.end], "2024");
}

// 18. Units apart from their number.
#[test]
fn units_written_apart() {
    let text = "二、主动公开政府信息情况\n规章 12 件 0 件 12 件\n行政事业性收费 45.82 万元\n三、收到和处理政府信息公开申请情况\n";
    let p = parse(text).unwrap();
    assert_eq!(
        count(&p, ProactiveRow::Rules, ProactiveColumn::Issued),
        Some(12)
    );
    assert_eq!(
        count(&p, ProactiveRow::Rules, ProactiveColumn::InForce),
        Some(12)
    );
    match p
        .report
        .proactive
        .as_ref()
        .unwrap()
        .get(ProactiveRow::Fees, ProactiveColumn::Amount)
    {
        Some(CellRef::Money(c)) => {
            assert_eq!(c.value().map(ToString::to_string).as_deref(), Some("45.82"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn table_four_paths_are_the_spec_keys() {
    // keeps the helper honest: cell order of `appeals()` is K01..K15
    let text = page(T2, &[], " 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0");
    let p = parse(&text).unwrap();
    let t = p.report.appeals.as_ref().unwrap();
    assert_eq!(
        t.group(AppealGroup::Review)
            .get(AppealColumn::Upheld)
            .value(),
        Some(&1)
    );
    assert_eq!(appeals(&p)[0], Some(1));
}

// 17. `pdftotext -layout` with long wrapped labels and an interleaved group label.
#[test]
fn wrapped_layout_labels_with_the_value_line_anywhere() {
    let text = "三、收到和处理政府信息公开申请情况\n\
   一、本年新收政府信息公开申请数量         5     0     0     0     0     0     5\n\
（六  1.申请人无正当理由逾期不补        1     0     0     0     0     0     1\n\
）其    正、行政机关不再处理其政府\n\
他处    信息公开申请\n\
- 3 -\n\
理      2.申请人逾期未按收\n\
        费通知要求缴纳费\n\
\n\
        用、行政机关不再处    2     0     0     0     0     0     2\n\
        理其政府信息公开\n\
        申请\n\
        3.其他               3     0     0     0     0     0     3\n\
  （七）总计                 6     0     0     0     0     0     6\n\
四、政府信息公开行政复议、行政诉讼情况\n";
    let p = parse(text).unwrap();
    assert_eq!(
        row(&p, RequestRow::OtherHandlingNoCorrection),
        some(&[1, 0, 0, 0, 0, 0, 1])
    );
    assert_eq!(
        row(&p, RequestRow::OtherHandlingFeeUnpaid),
        some(&[2, 0, 0, 0, 0, 0, 2])
    );
    assert_eq!(
        row(&p, RequestRow::OtherHandlingOther),
        some(&[3, 0, 0, 0, 0, 0, 3])
    );
    assert_eq!(
        row(&p, RequestRow::OutcomeTotal),
        some(&[6, 0, 0, 0, 0, 0, 6])
    );
    assert!(!has(&p, Code::ParseUnknownRow), "{:?}", p.diagnostics);
}
