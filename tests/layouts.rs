//! The layouts real extraction produces, one feature per test, on small
//! texts; both extractions of one report give the same tables; the partial
//! excerpts yield what they contain plus a cut finding.

mod common;

use common::{count, has, row};
use ogi_report::{
    AppealColumn, AppealGroup, CellKind, CheckOptions, Code, Kind, Parsed, ProactiveColumn,
    ProactiveRow, Report, RequestColumn, RequestRow, parse, validate,
};

const T3: &str = "三、收到和处理政府信息公开申请情况\n";
const T4: &str = "四、政府信息公开行政复议、行政诉讼情况\n";
const T5: &str = "五、存在的主要问题及改进情况\n";

fn corpus(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/corpus/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn some(v: [i64; 7]) -> Vec<Option<i64>> {
    v.iter().map(|x| Some(*x)).collect()
}

#[test]
fn pdftotext_layout_wrapped_labels_around_the_value_line() {
    let text = format!(
        "{T3}\
      （二）部分公开（区分处理的，只计这一情
                                447         7        0        0        0    0   454
      形，不计其他情形）
               5.要求行政机关确认或重新出
                                        1         0        0         0        0         0    1
               具已获取信息
               1、申请人无正当理由逾期不补

               正、行政机关不再处理其政府信           67        3        0         0        1         0    71
               息公开申请
     （六）其
               2、申请人逾期未按收费通知要
     他处理
               求缴纳费用、行政机关不再处理           6         0        0         0        0         0    6
               其政府信息公开申请
{T4}"
    );
    let p = parse(&text).unwrap();
    assert_eq!(
        row(&p, RequestRow::PartiallyDisclosed),
        some([447, 7, 0, 0, 0, 0, 454])
    );
    assert_eq!(
        row(&p, RequestRow::NotProcessedReconfirmation),
        some([1, 0, 0, 0, 0, 0, 1])
    );
    assert_eq!(
        row(&p, RequestRow::OtherHandlingNoCorrection),
        some([67, 3, 0, 0, 1, 0, 71])
    );
    assert_eq!(
        row(&p, RequestRow::OtherHandlingFeeUnpaid),
        some([6, 0, 0, 0, 0, 0, 6])
    );
    assert!(!has(&p, Code::ParseUnknownRow));
}

#[test]
fn pdftotext_layout_vertical_label_page_numbers_and_split_header() {
    let text = format!(
        "{T3}\
                                                         申请人情况
（本列数据的勾稽关系为：第一项加第二项之和，                  法人或其他组织
等于第三项加第四项之和）
                               自然人                                              总计
                                        商业企      科研机     社会公益     法律服务
                                                                           其他
                                        业        构       组织       机构

一、本年新收政府信息公开申请数量                3001        53       0        0    61       4   3119
             1.属于国家秘密            2          0        0        0        0    0    2
三、

本            2.其他法律行政法规禁止公开     30          1        0        0        0    0    31

年
      （三）不
理
      予公开
             5.属于三类内部事务信息        7          1        0        0        0    0    8
             1.本机关不掌握相关政府信息     746         12       0        0    10       1   769
      （四）无


-4-
     法提供       2.没有现成信息需要另行制作           11        0        0         0        0         0    11
                                          - 5 -
     （七）总计                           2932        53        0         0        61        4   3050
{T4}"
    );
    let p = parse(&text).unwrap();
    assert_eq!(
        row(&p, RequestRow::NewReceived),
        some([3001, 53, 0, 0, 61, 4, 3119])
    );
    assert_eq!(
        row(&p, RequestRow::WithheldProhibitedByLaw),
        some([30, 1, 0, 0, 0, 0, 31])
    );
    assert_eq!(
        row(&p, RequestRow::WithheldInternalAffairs),
        some([7, 1, 0, 0, 0, 0, 8])
    );
    assert_eq!(
        row(&p, RequestRow::UnavailableRequiresCreation),
        some([11, 0, 0, 0, 0, 0, 11])
    );
    assert_eq!(
        row(&p, RequestRow::OutcomeTotal),
        some([2932, 53, 0, 0, 61, 4, 3050])
    );
    assert!(!has(&p, Code::ParseUnknownRow), "{:#?}", p.diagnostics);
}

#[test]
fn table_two_blocks_split_across_pages() {
    let text = "二、主动公开政府信息情况\n第二十条 第（一）项\n\n信息内容          本年制发件数     本年废止件数   现行有效件数\n规章            1          0        11\n\n行政规范性文件       8          26       66\n第二十条 第（六）项\n\n\n\n                                           -3-\n信息内容                          本年处理决定数量\n\n行政处罚                          3985758\n行政强制                          88283\n三、收到和处理政府信息公开申请情况\n";
    let p = parse(text).unwrap();
    assert_eq!(
        count(&p, ProactiveRow::Rules, ProactiveColumn::InForce),
        Some(11)
    );
    assert_eq!(
        count(
            &p,
            ProactiveRow::NormativeDocuments,
            ProactiveColumn::Abolished
        ),
        Some(26)
    );
    assert_eq!(
        count(&p, ProactiveRow::Punishment, ProactiveColumn::Decisions),
        Some(3985758)
    );
    assert_eq!(
        count(&p, ProactiveRow::Coercion, ProactiveColumn::Decisions),
        Some(88283)
    );
    // 行政许可 and 行政事业性收费 are not in this text
    let missing: Vec<_> = p
        .diagnostics
        .with_code(Code::ParseRowMissing)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(missing, ["proactive.licensing", "proactive.fees"]);
}

#[test]
fn pdftotext_raw_rows_and_header_cells_one_per_line() {
    let text = format!(
        "{T3}申请人情况\n自然人\n法人或其他组织\n总计\n商 业 企\n业\n科研机\n构\n其他\n\
一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119\n三、\n本\n年\n度\n（一）予以公开 1288 21 0 0 50 3 1362\n\
（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）\n447 7 0 0 0 0 454\n{T4}"
    );
    let p = parse(&text).unwrap();
    assert_eq!(
        row(&p, RequestRow::NewReceived),
        some([3001, 53, 0, 0, 61, 4, 3119])
    );
    assert_eq!(
        row(&p, RequestRow::Disclosed),
        some([1288, 21, 0, 0, 50, 3, 1362])
    );
    assert_eq!(
        row(&p, RequestRow::PartiallyDisclosed),
        some([447, 7, 0, 0, 0, 0, 454])
    );
}

#[test]
fn messy_markdown_from_pdf() {
    let text = format!(
        "{T3}\
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | |\n\
| 自然人 | 法人或其他组织 | 总计 |\n\
| 商业企 | 科研机 | 社会公 |\n\
| 业 | 构 | 益组织 |\n\
|---|---|---|---|---|---|---|---|\n\
一、本年新收政府信息公开申请数量\n\
| | 5 | 1 | 0 | 0 | 0 | 0 | 6 |\n\
| 三、本年度办理结果 | （一）予以公开 | 4 | 1 | 0 | 0 | 0 | 0 | 5 |\n\
| | 4.无正当理由大量反复 | 申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\
{T4}\
| 行政复议 | | 行政诉讼 |\n\
| 结果维持 | 结果纠正 | 总计 |\n\
| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    );
    let p = parse(&text).unwrap();
    assert_eq!(
        row(&p, RequestRow::NewReceived),
        some([5, 1, 0, 0, 0, 0, 6])
    );
    assert_eq!(row(&p, RequestRow::Disclosed), some([4, 1, 0, 0, 0, 0, 5]));
    assert_eq!(
        row(&p, RequestRow::NotProcessedExcessive),
        some([0, 0, 0, 0, 0, 0, 0])
    );
    let a = p.report.appeals.as_ref().unwrap();
    assert_eq!(
        a.group(AppealGroup::Review)
            .get(AppealColumn::Total)
            .value(),
        Some(&1)
    );
    assert!(!has(&p, Code::ParseUnknownRow), "{:#?}", p.diagnostics);
}

#[test]
fn ocr_markdown_one_small_table_per_group_with_generic_headers() {
    let text = format!(
        "{T3}\
| 项目 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 数据7 |\n\
|---|---|---|---|---|---|---|---|\n\
| 一、本年新收政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n\
| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\n\
| 项目 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 |\n\
|---|---|---|---|---|---|---|\n\
| （三）不予公开 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\
| 项目 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 |\n\
| 2.其他法律行政法规禁止公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
{T4}"
    );
    let p = parse(&text).unwrap();
    assert_eq!(
        row(&p, RequestRow::NewReceived),
        some([2, 0, 0, 0, 0, 0, 2])
    );
    assert_eq!(row(&p, RequestRow::WithheldStateSecret), some([0; 7]));
    assert_eq!(
        row(&p, RequestRow::WithheldProhibitedByLaw),
        some([1, 0, 0, 0, 0, 0, 1])
    );
    assert!(!has(&p, Code::ParseUnknownRow));
}

#[test]
fn one_cell_per_line_with_and_without_blank_lines() {
    for sep in ["\n", "\n\n"] {
        let cells = [
            "二、主动公开政府信息情况",
            "第二十条第(一)项",
            "信息内容",
            "本年制发件数",
            "本年废止件数",
            "现行有效件数",
            "规章",
            "1",
            "0",
            "4",
            "行政规范性文件",
            "0",
            "0",
            "3",
            "第二十条第(五)项",
            "信息内容",
            "本年处理决定数量",
            "行政许可",
            "9",
            "三、收到和处理政府信息公开申请情况",
            "申请人情况",
            "自然人",
            "法人或其他组织",
            "总计",
            "商业",
            "企业",
            "一、本年新收政府信息公开申请数量",
            "1",
            "0",
            "0",
            "0",
            "0",
            "0",
            "1",
            "二、上年结转政府信息公开申请数量",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
        ];
        let text = cells.join(sep);
        let p = parse(&text).unwrap();
        assert_eq!(
            count(&p, ProactiveRow::Rules, ProactiveColumn::InForce),
            Some(4)
        );
        assert_eq!(
            count(&p, ProactiveRow::Licensing, ProactiveColumn::Decisions),
            Some(9)
        );
        assert_eq!(
            row(&p, RequestRow::NewReceived),
            some([1, 0, 0, 0, 0, 0, 1])
        );
        assert_eq!(row(&p, RequestRow::CarriedOver), some([0; 7]));
        assert!(has(&p, Code::ParseTableCut));
    }
}

#[test]
fn table_four_on_one_line_with_a_header_that_lost_columns() {
    let text = format!(
        "{T4}行政复议 行政诉讼\n结果维持 结果纠正 其他结果 总计\n72 64 178 37 351 25 5 9 7 46 1 0 0 0 1\n{T5}"
    );
    let p = parse(&text).unwrap();
    let a = p.report.appeals.as_ref().unwrap();
    assert_eq!(
        a.group(AppealGroup::Review)
            .get(AppealColumn::Total)
            .value(),
        Some(&351)
    );
    assert_eq!(
        a.group(AppealGroup::DirectSuit)
            .get(AppealColumn::Total)
            .value(),
        Some(&46)
    );
    assert_eq!(
        a.group(AppealGroup::SuitAfterReview)
            .get(AppealColumn::Upheld)
            .value(),
        Some(&1)
    );
    // 14 numbers in space-aligned text: which one is lost is unknown
    let text = format!("{T4}72 64 178 37 351 25 5 9 7 46 1 0 0 0\n{T5}");
    let p = parse(&text).unwrap();
    let a = p.report.appeals.as_ref().unwrap();
    assert!(a.cells().all(|(_, _, c)| c.kind() == CellKind::Missing));
    assert_eq!(
        p.diagnostics
            .with_code(Code::ParseRowShort)
            .next()
            .unwrap()
            .unplaced
            .len(),
        14
    );
}

#[test]
fn numbers_full_width_with_separators_and_units() {
    let text =
        format!("{T3}一、本年新收政府信息公开申请数量\t１２件\t3,001\t0\t0\t0\t0\t3,013件\n{T4}");
    let p = parse(&text).unwrap();
    assert_eq!(
        row(&p, RequestRow::NewReceived),
        some([12, 3001, 0, 0, 0, 0, 3013])
    );
    let c = p
        .report
        .requests
        .as_ref()
        .unwrap()
        .get(RequestRow::NewReceived, RequestColumn::NaturalPerson)
        .unwrap();
    assert_eq!(c.source.as_ref().unwrap().raw, "１２件");
}

#[test]
fn a_misspelt_label_is_read_in_order_and_said_so() {
    let text = format!(
        "{T3}1.属于国家秘密 1 0 0 0 0 0 1\n2.其他法律行政止公开 0 0 0 0 0 0 0\n3.危及“三安全一稳定” 0 0 0 0 0 0 0\n{T4}"
    );
    let p = parse(&text).unwrap();
    assert_eq!(row(&p, RequestRow::WithheldProhibitedByLaw), some([0; 7]));
    let d = p
        .diagnostics
        .with_code(Code::ParseLabelApproximate)
        .next()
        .unwrap();
    assert_eq!(d.path.to_string(), "requests.withheld.prohibited_by_law");
    assert_eq!(d.raw.as_deref(), Some("2.其他法律行政止公开"));
    // a label that resembles no expected row is not guessed
    let text = format!("{T3}1.属于国家秘密 1 0 0 0 0 0 1\n9.某项新增统计口径 0 0 0 0 0 0 0\n{T4}");
    let p = parse(&text).unwrap();
    assert!(has(&p, Code::ParseUnknownRow));
    assert!(!has(&p, Code::ParseLabelApproximate));
}

#[test]
fn lost_cells_and_inconsistency_are_told_apart() {
    // The tab copy lost the first cell of R05, so its values sit one column
    // to the left: the column rules fail, and say the row was extracted short.
    let mut r = Report::new(ogi_report::Edition::V2021);
    r.set_request_counts(RequestRow::NewReceived, [2, 0, 0, 0, 0, 1]);
    r.set_request_counts(RequestRow::CarriedOver, [0; 6]);
    r.fill_zero_outcomes();
    r.set_request_counts(RequestRow::Disclosed, [2, 0, 0, 0, 0, 0]);
    r.set_request_counts(RequestRow::WithheldStateSecret, [0, 0, 0, 0, 0, 1]);
    r.derive_outcome_total();
    r.set_request_counts(RequestRow::CarriedForward, [0; 6]);
    let whole = ogi_report::to_text(&r);
    assert!(
        validate(&whole, &CheckOptions::default())
            .unwrap()
            .diagnostics
            .of_kind(Kind::Violation)
            .next()
            .is_none()
    );
    let text = whole.replace(
        "1.属于国家秘密\t0\t0\t0\t0\t0\t1\t1",
        "1.属于国家秘密\t0\t0\t0\t0\t1\t1",
    );
    assert_ne!(text, whole);
    let v = validate(&text, &CheckOptions::default()).unwrap();
    let failing: Vec<_> = v.diagnostics.of_kind(Kind::Violation).collect();
    assert!(!failing.is_empty());
    for d in &failing {
        assert_eq!(d.extraction_suspect, Some(Code::ParseRowShort), "{d:?}");
        assert!(
            d.message(ogi_report::Lang::En)
                .contains("extracted incompletely")
        );
    }
    // A failure on rows the parser read whole is not suspect.
    let text = format!("{T4}1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n");
    let v = validate(&text, &CheckOptions::default()).unwrap();
    let d = v
        .diagnostics
        .with_code(Code::AppealsReviewTotal)
        .next()
        .unwrap();
    assert_eq!(d.extraction_suspect, None);
}

fn tables(r: &Report) -> Report {
    let mut r = r.without_sources();
    r.meta = Default::default();
    r
}

#[test]
fn both_extractions_of_a_report_give_identical_tables() {
    for stem in ["huaian-gov-2024", "hongze-gov-2023", "hongze-gov-2024"] {
        let layout = parse(&corpus(&format!("{stem}.pdftotext-layout.txt"))).unwrap();
        let raw = parse(&corpus(&format!("{stem}.pdftotext-raw.txt"))).unwrap();
        assert_eq!(tables(&layout.report), tables(&raw.report), "{stem}");
        assert!(layout.report.requests.is_some() && layout.report.appeals.is_some());
        let year = |p: &Parsed| p.report.meta.title_year;
        assert_eq!(year(&layout), year(&raw), "{stem}");
    }
}

#[test]
fn excerpts_yield_their_tables_and_a_cut() {
    let p = parse(&corpus("excerpt-xinfeng-health-2023.cells.txt")).unwrap();
    assert_eq!(
        count(&p, ProactiveRow::Licensing, ProactiveColumn::Decisions),
        Some(9)
    );
    assert_eq!(
        count(&p, ProactiveRow::Punishment, ProactiveColumn::Decisions),
        Some(47)
    );
    assert_eq!(row(&p, RequestRow::NewReceived), some([0; 7]));
    assert_eq!(row(&p, RequestRow::CarriedOver), some([0; 7]));
    assert_eq!(row(&p, RequestRow::Disclosed), vec![None; 7]);
    let cut: Vec<_> = p
        .diagnostics
        .with_code(Code::ParseTableCut)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(cut, ["requests"]);
    assert!(!has(&p, Code::ParseRowMissing));
    assert_eq!(p.report.meta.title_year, Some(2023));

    let p = parse(&corpus("excerpt-yangling-audit-2022.pipes.txt")).unwrap();
    assert!(p.report.proactive.is_some());
    let cut: Vec<_> = p
        .diagnostics
        .with_code(Code::ParseTableCut)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(cut, ["requests"]);
}

#[test]
fn a_lone_digit_run_where_a_row_of_cells_was_expected_is_glued() {
    let text = format!(
        "二、主动公开政府信息情况\n规章 000\n行政许可 447228\n{T3}二、上年结转政府信息公开申请数量 0000000\n{T4}行政复议 行政诉讼\n21317000001324019\n{T5}"
    );
    let p = parse(&text).unwrap();
    assert_eq!(
        count(&p, ProactiveRow::Rules, ProactiveColumn::InForce),
        Some(0)
    );
    // one cell: the number as written
    assert_eq!(
        count(&p, ProactiveRow::Licensing, ProactiveColumn::Decisions),
        Some(447228)
    );
    assert_eq!(row(&p, RequestRow::CarriedOver), some([0; 7]));
    let a = p.report.appeals.as_ref().unwrap();
    assert_eq!(
        a.group(AppealGroup::Review)
            .get(AppealColumn::Total)
            .value(),
        Some(&7)
    );
    assert_eq!(
        a.group(AppealGroup::SuitAfterReview)
            .get(AppealColumn::Upheld)
            .value(),
        Some(&13)
    );
    let recovered: Vec<_> = p
        .diagnostics
        .with_code(Code::ParseGluedRecovered)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(recovered, ["appeals"]);
    // a short space-separated row is not a glued run: its cells are missing
    let text = format!("{T3}二、上年结转政府信息公开申请数量 10 0 0 0 0 10\n{T4}");
    let p = parse(&text).unwrap();
    assert!(has(&p, Code::ParseRowShort));
    assert!(!has(&p, Code::ParseGluedInconsistent));
}
