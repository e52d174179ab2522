//! Parser behaviour on small texts: layouts, cell states, structural
//! findings, and bad input.

use ogi_report::{
    AppealColumn, AppealGroup, CellKind, Code, Edition, ErrorKind, Kind, OtherHandlingLayout,
    ParseOptions, Parsed, ProactiveColumn, ProactiveRow, RequestColumn, RequestRow, parse,
    parse_bytes, parse_with,
};

const HEADER3: &str = "三、收到和处理政府信息公开申请情况\n";
const HEADER4: &str = "四、政府信息公开行政复议、行政诉讼情况\n";

fn codes(p: &Parsed) -> Vec<String> {
    p.diagnostics.iter().map(|d| d.code.to_string()).collect()
}

fn req(p: &Parsed, row: RequestRow, col: RequestColumn) -> (CellKind, Option<i64>) {
    let c = p.report.requests.as_ref().unwrap().get(row, col).unwrap();
    (c.kind(), c.value().copied())
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    assert_eq!(parse("").unwrap_err().kind(), &ErrorKind::Empty);
    assert_eq!(
        parse(" \n\t\u{3000}\n").unwrap_err().kind(),
        &ErrorKind::Empty
    );
    let e = parse("abc\0def").unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Binary);
    assert_eq!(e.span().map(|s| s.start), Some(3));
    let garbage: String = (0..2000u32)
        .map(|i| char::from_u32(1 + i % 8).unwrap())
        .collect();
    assert_eq!(parse(&garbage).unwrap_err().kind(), &ErrorKind::Binary);
    assert_eq!(
        parse("今天天气很好。\n明天也是。").unwrap_err().kind(),
        &ErrorKind::NoReport
    );
    // bytes in no encoding
    let e = parse_bytes(&[b'a', 0x80, 0x80, 0xff, b'b'], &ParseOptions::default()).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::NotUtf8);
    assert_eq!(e.span().map(|s| s.start), Some(1));
    // GBK bytes (政府): decoded with the `encoding` feature, else refused with a hint
    let e = parse_bytes(&[0xd5, 0xfe, 0xb8, 0xae], &ParseOptions::default()).unwrap_err();
    if cfg!(feature = "encoding") {
        assert_eq!(e.kind(), &ErrorKind::NoReport);
    } else {
        assert!(
            matches!(e.kind(), ErrorKind::EncodingNeedsFeature { .. }),
            "{e}"
        );
    }
    let e = parse_with(&"x".repeat(100), &ParseOptions::default().max_len(10)).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::TooLarge {
            len: 100,
            limit: 10
        }
    );
    assert!(e.to_string().contains("100 bytes"));
}

#[test]
fn a_fifty_megabyte_input_is_refused() {
    let big = format!(
        "二、主动公开政府信息情况\n{}",
        "规章\t1\t0\t1\n".repeat(50 * 1024 * 1024 / 14)
    );
    let e = parse(&big).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::TooLarge { .. }));
    // A caller who lifts the limit gets findings, not a panic.
    let cut = big.as_bytes()[..256 * 1024]
        .iter()
        .rposition(|b| *b == b'\n')
        .unwrap();
    let p = parse_with(&big[..cut], &ParseOptions::default().max_len(usize::MAX)).unwrap();
    // the repeats are said, and bounded: past 16, one finding stands for the rest
    let repeats: Vec<_> = p.diagnostics.with_code(Code::ParseDuplicateRow).collect();
    assert!(repeats.len() <= 16, "{}", repeats.len());
    let said: usize = repeats.iter().map(|d| 1 + d.repeated).sum();
    assert!(said > 1000, "{said}");
}

#[test]
fn pipes_and_markdown_tables() {
    let text = "二、主动公开政府信息情况\n\
| 第二十条第(一)项 | | | |\n\
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n\
|---|---|---|---|\n\
| 规章 | 0 | 0 | 3 |\n\
| 行政规范性文件 | 2 | 1 | 7 |\n\
| 行政许可 | 1,234 | | |\n\
| 行政处罚 | / | | |\n\
| 行政强制 | | | |\n\
| 行政事业性收费 | 12.5 | | |\n";
    let p = parse(text).unwrap();
    let t = p.report.proactive.as_ref().unwrap();
    let count = |r, c| match t.get(r, c).unwrap() {
        ogi_report::CellRef::Count(c) => (c.kind(), c.value().copied()),
        _ => panic!(),
    };
    assert_eq!(
        count(ProactiveRow::Rules, ProactiveColumn::InForce),
        (CellKind::Number, Some(3))
    );
    assert_eq!(
        count(ProactiveRow::NormativeDocuments, ProactiveColumn::Abolished),
        (CellKind::Number, Some(1))
    );
    assert_eq!(
        count(ProactiveRow::Licensing, ProactiveColumn::Decisions),
        (CellKind::Number, Some(1234))
    );
    assert_eq!(
        count(ProactiveRow::Punishment, ProactiveColumn::Decisions),
        (CellKind::NotApplicable, None)
    );
    assert_eq!(
        count(ProactiveRow::Coercion, ProactiveColumn::Decisions),
        (CellKind::Blank, None)
    );
    match t.get(ProactiveRow::Fees, ProactiveColumn::Amount).unwrap() {
        ogi_report::CellRef::Money(c) => assert_eq!(c.value().unwrap().to_string(), "12.5"),
        _ => panic!(),
    }
    // spans point into the input
    if let ogi_report::CellRef::Count(c) = t
        .get(ProactiveRow::Licensing, ProactiveColumn::Decisions)
        .unwrap()
    {
        let s = c.span().unwrap();
        assert_eq!(&text[s.start..s.end], "1,234");
    }
    assert_eq!(p.report.edition, Some(Edition::V2021));
    // Tables 三 and 四 are not in the text.
    let missing: Vec<_> = p
        .diagnostics
        .with_code(Code::ParseTableMissing)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(missing, ["requests", "appeals"]);
}

#[test]
fn space_separated_rows_and_wrapped_labels() {
    let text = format!(
        "{HEADER3}申请人情况\n自然人 法人或其他组织 总计\n\
一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5\n\
（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）\n2 0 0 0 0 0 2\n\
-3-\n\
（三）不\n予公开\n1.属于国家秘密 １ 0 0 0 0 0 1\n"
    );
    let p = parse(&text).unwrap();
    assert_eq!(
        req(&p, RequestRow::NewReceived, RequestColumn::Total),
        (CellKind::Number, Some(5))
    );
    assert_eq!(
        req(
            &p,
            RequestRow::PartiallyDisclosed,
            RequestColumn::NaturalPerson
        ),
        (CellKind::Number, Some(2))
    );
    assert_eq!(
        req(
            &p,
            RequestRow::WithheldStateSecret,
            RequestColumn::NaturalPerson
        ),
        (CellKind::Number, Some(1))
    );
    // rows not in the text are reported, table 四 too
    assert!(codes(&p).contains(&"parse.row_missing".to_owned()));
}

#[test]
fn short_and_long_rows_never_shift_values() {
    // Space-separated, 6 numbers for 7 columns: which one is lost is unknown.
    let text = format!("{HEADER3}一、本年新收政府信息公开申请数量 5 0 0 0 0 5\n{HEADER4}");
    let p = parse(&text).unwrap();
    assert_eq!(
        req(&p, RequestRow::NewReceived, RequestColumn::NaturalPerson),
        (CellKind::Missing, None)
    );
    let d = p.diagnostics.with_code(Code::ParseRowShort).next().unwrap();
    assert_eq!(d.unplaced.len(), 6, "every number is reported, none placed");
    // Tab-separated, 6 fields: the right edge was lost.
    let text = format!("{HEADER3}一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t1\n{HEADER4}");
    let p = parse(&text).unwrap();
    assert_eq!(
        req(&p, RequestRow::NewReceived, RequestColumn::OtherOrg),
        (CellKind::Number, Some(1))
    );
    assert_eq!(
        req(&p, RequestRow::NewReceived, RequestColumn::Total),
        (CellKind::Missing, None)
    );
    // 8 numbers for 7 columns: nothing placed, all reported.
    let text =
        format!("{HEADER3}一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t1\t6\t9\n{HEADER4}");
    let p = parse(&text).unwrap();
    assert_eq!(
        req(&p, RequestRow::NewReceived, RequestColumn::NaturalPerson),
        (CellKind::Missing, None)
    );
    let d = p.diagnostics.with_code(Code::ParseRowLong).next().unwrap();
    assert_eq!(d.unplaced.len(), 8);
    assert_eq!(d.kind, Kind::Parse);
}

#[test]
fn unreadable_cells_keep_their_text() {
    let text = format!(
        "{HEADER3}二、上年结转政府信息公开申请数量\t0\t无\t0\t0\t0\t0\t0\n(七)总计\t1.5\t0\t0\t0\t0\t0\t1.5\n{HEADER4}"
    );
    let p = parse(&text).unwrap();
    let c = p
        .report
        .requests
        .as_ref()
        .unwrap()
        .get(RequestRow::CarriedOver, RequestColumn::Commercial)
        .unwrap();
    assert_eq!(c.kind(), CellKind::Unreadable);
    assert_eq!(c.source.as_ref().unwrap().raw, "无");
    let d = p
        .diagnostics
        .with_code(Code::ParseUnreadableCell)
        .next()
        .unwrap();
    assert_eq!(d.path.to_string(), "requests.carried_over.commercial");
    assert_eq!(d.raw.as_deref(), Some("无"));
    let n: Vec<_> = p
        .diagnostics
        .with_code(Code::ValueNotInteger)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(
        n,
        [
            "requests.outcome_total.natural_person",
            "requests.outcome_total.total"
        ]
    );
}

#[test]
fn unknown_and_duplicate_rows_are_reported_with_their_numbers() {
    let text = format!(
        "{HEADER3}五、某种新增类别\t1\t0\t0\t0\t0\t0\t1\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n一、本年新收政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2\n{HEADER4}"
    );
    let p = parse(&text).unwrap();
    let u = p
        .diagnostics
        .with_code(Code::ParseUnknownRow)
        .next()
        .unwrap();
    assert_eq!(u.raw.as_deref(), Some("五、某种新增类别"));
    assert_eq!(u.unplaced.len(), 7);
    let d = p
        .diagnostics
        .with_code(Code::ParseDuplicateRow)
        .next()
        .unwrap();
    assert_eq!(d.path.to_string(), "requests.new_received");
    assert_eq!(
        d.unplaced
            .iter()
            .map(|s| s.raw.as_str())
            .collect::<Vec<_>>(),
        ["2", "0", "0", "0", "0", "0", "2"]
    );
    assert_eq!(
        req(&p, RequestRow::NewReceived, RequestColumn::Total),
        (CellKind::Number, Some(1))
    );
}

#[test]
fn traditional_labels_and_full_width_numbers() {
    let text = "二、主動公開政府信息情況\n規章\t１\t０\t３\n行政規範性文件\t2\t0\t2\n三、收到和處理政府信息公開申請情況\n一、本年新收政府信息公開申請數量\t１２\t0\t0\t0\t0\t0\t１２\n四、政府信息公開行政複議、行政訴訟情況\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n";
    let p = parse(text).unwrap();
    assert_eq!(
        req(&p, RequestRow::NewReceived, RequestColumn::Total),
        (CellKind::Number, Some(12))
    );
    let c = p
        .report
        .requests
        .as_ref()
        .unwrap()
        .get(RequestRow::NewReceived, RequestColumn::Total)
        .unwrap();
    assert_eq!(c.source.as_ref().unwrap().raw, "１２");
    assert!(p.report.proactive.is_some());
    assert!(p.report.appeals.is_some());
    // no signal but the columns: 2021 assumed and said so
    assert!(codes(&p).contains(&"parse.edition_assumed".to_owned()));
}

#[test]
fn editions_and_the_hybrid() {
    let y2019 = "二、主动公开政府信息情况\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t1\t1\t5\n规范性文件\t0\t0\t3\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t10\t-2\t30\n第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t3\t251000元\n三、收到和处理政府信息公开申请情况\n（六）其他处理\t1\t0\t0\t0\t0\t0\t1\n四、政府信息公开行政复议、行政诉讼情况\n";
    let p = parse(y2019).unwrap();
    assert_eq!(p.report.edition, Some(Edition::V2019));
    assert_eq!(
        p.report.requests.as_ref().unwrap().other_handling,
        OtherHandlingLayout::Single
    );
    match p.report.proactive.as_ref().unwrap() {
        ogi_report::Proactive::V2019(t) => {
            assert_eq!(t.licensing.items_change.value(), Some(&-2));
            assert_eq!(t.procurement.amount.value().unwrap().to_string(), "251000");
            assert_eq!(t.procurement.amount_unit.as_deref(), Some("元"));
        }
        _ => panic!("2019 table expected"),
    }
    // a 2021 table 二 with a single （六） row: the hybrid, not a mix
    let hybrid = "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t0\t1\n三、收到和处理政府信息公开申请情况\n（六）其他处理\t1\t0\t0\t0\t0\t0\t1\n四、政府信息公开行政复议、行政诉讼情况\n";
    let p = parse(hybrid).unwrap();
    assert_eq!(p.report.edition, Some(Edition::V2021));
    assert_eq!(
        p.report.requests.as_ref().unwrap().other_handling,
        OtherHandlingLayout::Single
    );
    assert!(!codes(&p).contains(&"parse.mixed_edition".to_owned()));
    // signals of both editions in table 二
    let mixed = "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t0\t1\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n三、收到和处理政府信息公开申请情况\n";
    let p = parse(mixed).unwrap();
    assert!(codes(&p).contains(&"parse.mixed_edition".to_owned()));
}

#[test]
fn an_unfilled_template_is_blank_not_zero() {
    let mut text = String::from(HEADER3);
    for row in RequestRow::ALL.iter().filter(|r| !r.is_group()) {
        text.push_str(row.label());
        text.push_str("\t\t\t\t\t\t\t\n");
    }
    text.push_str(HEADER4);
    text.push_str(&"\t".repeat(14));
    text.push('\n');
    let p = parse(&text).unwrap();
    assert_eq!(
        req(&p, RequestRow::Disclosed, RequestColumn::Total),
        (CellKind::Blank, None)
    );
    let a = p.report.appeals.as_ref().unwrap();
    assert_eq!(
        a.group(AppealGroup::Review).get(AppealColumn::Total).kind(),
        CellKind::Blank
    );
    assert!(codes(&p).contains(&"parse.table_empty".to_owned()));
    assert!(!codes(&p).contains(&"parse.row_missing".to_owned()));
}

#[test]
fn a_text_cut_inside_a_table() {
    let text = format!(
        "{HEADER3}一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n二、上年结转政府信息公开申请数量\t0\t0\t0"
    );
    let p = parse(&text).unwrap();
    let c = codes(&p);
    assert!(c.contains(&"parse.table_cut".to_owned()), "{c:?}");
    assert!(!c.contains(&"parse.row_missing".to_owned()), "{c:?}");
    assert_eq!(
        req(&p, RequestRow::CarriedOver, RequestColumn::Research),
        (CellKind::Number, Some(0))
    );
    assert_eq!(
        req(&p, RequestRow::CarriedOver, RequestColumn::SocialWelfare),
        (CellKind::Missing, None)
    );
}

#[test]
fn yangling_excerpt_pipes_cut_in_table_three() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/excerpt-yangling-audit-2022.pipes.txt"
    ))
    .unwrap();
    let p = parse(&text).unwrap();
    let t = p.report.proactive.as_ref().expect("table 二 is complete");
    assert!(t.cells().all(
        |(_, _, c)| matches!(c, ogi_report::CellRef::Count(c) if c.value() == Some(&0))
            || matches!(c, ogi_report::CellRef::Money(c) if c.value().is_some_and(|v| v.is_zero()))
    ));
    assert!(p.report.requests.is_none());
    let cut: Vec<_> = p
        .diagnostics
        .with_code(Code::ParseTableCut)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(cut, ["requests"]);
    assert_eq!(p.report.meta.title_year, None);
}

#[test]
fn a_subtotal_column_reads_back_and_is_checked() {
    let mut r = ogi_report::Report::new(Edition::V2021);
    r.requests.as_mut().unwrap().subtotal_column = true;
    r.set_request_counts(RequestRow::NewReceived, [3, 1, 1, 0, 0, 0]);
    r.set_request_counts(RequestRow::CarriedOver, [0; 6]);
    r.fill_zero_outcomes();
    r.set_request_counts(RequestRow::Disclosed, [3, 1, 1, 0, 0, 0]);
    r.derive_outcome_total();
    r.set_request_counts(RequestRow::CarriedForward, [0; 6]);
    let text = ogi_report::to_text(&r);
    assert!(text.contains("小计"));
    let p = parse(&text).unwrap();
    let t = p.report.requests.as_ref().unwrap();
    assert!(t.subtotal_column);
    assert_eq!(
        t.get(
            RequestRow::NewReceived,
            RequestColumn::LegalEntitiesSubtotal
        )
        .unwrap()
        .value(),
        Some(&2)
    );
    assert_eq!(p.report.without_sources().requests, r.requests);
    // the header's word spaced out, as a layout extraction writes it
    let spaced = text.replacen("小计", "小 计", 1);
    assert!(!spaced.contains("小计"));
    let p = parse(&spaced).unwrap();
    assert!(p.report.requests.as_ref().unwrap().subtotal_column);
    assert_eq!(p.report.without_sources().requests, r.requests);
    // a wrong subtotal is found
    let bad = text.replacen(
        "一、本年新收政府信息公开申请数量\t3\t1\t1\t0\t0\t0\t2\t5",
        "一、本年新收政府信息公开申请数量\t3\t1\t1\t0\t0\t0\t9\t5",
        1,
    );
    assert_ne!(bad, text);
    let v = ogi_report::validate(&bad, &ogi_report::CheckOptions::default()).unwrap();
    let paths: Vec<_> = v
        .diagnostics
        .with_code(Code::RequestsRowTotal)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(paths, ["requests.new_received.legal_entities_subtotal"]);
}

/// 2019's single （六）其他处理 is a data row even when every cell is blank;
/// in the 2021 layout the same blank line is the group's label.
#[test]
fn a_blank_single_other_handling_row_is_a_row() {
    let text = "二、主动公开政府信息情况\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t1\t1\t5\n\
        三、收到和处理政府信息公开申请情况\n\
        （五）不予处理\t5.要求行政机关确认或重新出具已获取信息\t\t\t\t\t\t\t\n\
        （六）其他处理\t\t\t\t\t\t\t\n（七）总计\t1\t\t\t\t\t\t1\n\
        四、政府信息公开行政复议、行政诉讼情况\n";
    let p = parse(text).unwrap();
    let t = p.report.requests.as_ref().unwrap();
    assert_eq!(t.other_handling, ogi_report::OtherHandlingLayout::Single);
    let row = t.row(ogi_report::RequestRow::OtherHandling).unwrap();
    assert!(
        row.cells()
            .all(|(_, c)| c.state == ogi_report::CellState::Blank)
    );
    assert!(
        !p.diagnostics
            .iter()
            .any(|d| d.path.to_string() == "requests.other_handling"
                && d.code.as_str() == "parse.row_missing")
    );
    let split = text.replace("（七）总计", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t\t\t\t\t\t\t\n（七）总计");
    let split = split.replace(
        "本年新制作数量\t本年新公开数量\t对外公开总数量",
        "本年制发件数\t本年废止件数\t现行有效件数",
    );
    let p = parse(&split).unwrap();
    let t = p.report.requests.as_ref().unwrap();
    assert_eq!(t.other_handling, ogi_report::OtherHandlingLayout::Split);
    assert!(t.row(ogi_report::RequestRow::OtherHandling).is_none());
}
