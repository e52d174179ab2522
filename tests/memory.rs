//! Peak heap per input byte on hostile shapes, measured with a counting
//! allocator (`dhat`): parse and check stay within a small constant of the
//! input, and findings about one cause are bounded.

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

use ogi_report::{CheckOptions, validate};

/// One profiler at a time: the tests of this file take turns.
static PROFILING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The ceiling: peak heap at most 10× the input (an HTML page of bare
/// cells is the most, at about 9×: its tree, 16 bytes a node, and the
/// map of its text back to the markup).
const BOUND: usize = 10;

fn shapes() -> Vec<(&'static str, String)> {
    // 1 MiB units in release (`cargo test --release --test memory`), a
    // quarter of that in the default debug run
    let mb = if cfg!(debug_assertions) {
        1 << 18
    } else {
        1 << 20
    };
    let repeat = |unit: &str, bytes: usize| unit.repeat(bytes / unit.len());
    vec![
        (
            "one line of tabs",
            format!(
                "三、收到和处理政府信息公开申请情况\n{}\n",
                repeat("\t", 2 * mb)
            ),
        ),
        (
            "one pipe line",
            format!(
                "三、收到和处理政府信息公开申请情况\n{}\n",
                repeat("| 1 ", 2 * mb)
            ),
        ),
        (
            "unknown rows",
            format!(
                "三、收到和处理政府信息公开申请情况\n{}",
                repeat("其他说明\t1\t2\t3\n", 2 * mb)
            ),
        ),
        (
            "unreadable cells",
            format!(
                "二、主动公开政府信息情况\n{}",
                repeat("规章\tx\t1\t1\n", 2 * mb)
            ),
        ),
        (
            "label lines",
            format!(
                "三、收到和处理政府信息公开申请情况\n{}",
                repeat("一、本年新收政府信息公开申请数量\n", 2 * mb)
            ),
        ),
        (
            "glued digits",
            format!(
                "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量{}\n",
                repeat("1234567890", mb)
            ),
        ),
        (
            "html cells",
            format!("<table>{}</table>", repeat("<tr><td>1<td>2", 2 * mb)),
        ),
        ("html nesting", format!("<div>{}x", repeat("<b><i>", mb))),
    ]
}

#[test]
fn peak_heap_stays_within_a_constant_of_the_input() {
    let _turn = PROFILING.lock().unwrap_or_else(|e| e.into_inner());
    let mut report = Vec::new();
    for (name, text) in shapes() {
        // a profiler per shape: its high-water mark is this shape's
        let profiler = dhat::Profiler::builder().testing().build();
        let before = dhat::HeapStats::get();
        let result = validate(&text, &CheckOptions::default());
        let after = dhat::HeapStats::get();
        drop(result);
        drop(profiler);
        let peak = after.max_bytes.saturating_sub(before.curr_bytes);
        let ratio = peak as f64 / text.len() as f64;
        report.push(format!(
            "{name}: {} bytes in, peak {peak} bytes ({ratio:.1}×)",
            text.len()
        ));
        assert!(
            peak <= BOUND * text.len(),
            "{name}: {ratio:.1}× the input, over {BOUND}×"
        );
    }
    println!("{}", report.join("\n"));
}

/// Hostile shapes the parser must read in time proportional to their size:
/// one giant line of labels and digits, many table labels, 5,000-digit
/// runs, deep HTML nesting. Work is measured by the allocator's counts
/// (deterministic, unlike time): doubling the input at most a little more
/// than doubles them.
fn growing(units: usize) -> Vec<(&'static str, String)> {
    vec![
        (
            "one line of labels and digits",
            format!(
                "三、收到和处理政府信息公开申请情况 {}",
                "一、本年新收政府信息公开申请数量 12 0 3 ".repeat(units)
            ),
        ),
        (
            "table labels",
            format!(
                "三、收到和处理政府信息公开申请情况\n{}",
                "（三）不予公开\n".repeat(units * 4)
            ),
        ),
        (
            "5,000-digit runs",
            format!(
                "三、收到和处理政府信息公开申请情况\n{}",
                format!("一、本年新收政府信息公开申请数量{}\n", "7".repeat(5000))
                    .repeat(units / 40 + 1)
            ),
        ),
        (
            "deep html nesting",
            format!("<div>{}x", "<span><p>".repeat(units * 4)),
        ),
    ]
}

#[test]
fn cost_is_linear_in_the_input() {
    let _turn = PROFILING.lock().unwrap_or_else(|e| e.into_inner());
    let units = if cfg!(debug_assertions) { 1000 } else { 5000 };
    let small = growing(units);
    let large = growing(2 * units);
    for ((name, a), (_, b)) in small.iter().zip(&large) {
        let measure = |text: &str| {
            let profiler = dhat::Profiler::builder().testing().build();
            let result = validate(text, &CheckOptions::default());
            let stats = dhat::HeapStats::get();
            drop(result);
            drop(profiler);
            (stats.total_blocks, stats.total_bytes)
        };
        let (blocks_a, bytes_a) = measure(a);
        let (blocks_b, bytes_b) = measure(b);
        let size = b.len() as f64 / a.len() as f64;
        let blocks = blocks_b as f64 / blocks_a.max(1) as f64;
        let bytes = bytes_b as f64 / bytes_a.max(1) as f64;
        println!("{name}: input ×{size:.2}, allocations ×{blocks:.2}, bytes allocated ×{bytes:.2}");
        assert!(
            blocks <= size * 1.3,
            "{name}: allocations grew ×{blocks:.2} for input ×{size:.2}"
        );
        assert!(
            bytes <= size * 1.3,
            "{name}: bytes grew ×{bytes:.2} for input ×{size:.2}"
        );
    }
}
