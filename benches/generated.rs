//! Generated reports for the audit benches: bodies with five consecutive
//! years each (2019–2020 in the 2019 format, 2021–2023 in the 2021 format),
//! consistent numbers from a fixed pseudo-random sequence, as text (and
//! every fourth as an HTML page), made one at a time.

use ogi_report::audit::Input;
use ogi_report::{
    AppealGroup, Cell, CellMut, Decimal, Edition, Path, Report, RequestRow, to_html, to_text,
};

/// A small deterministic sequence (xorshift), so every run reads the same reports.
struct Numbers(u64);

impl Numbers {
    fn next(&mut self, below: i64) -> i64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as i64
    }
}

/// The `i`th generated report: body `i / 5`, year `2019 + i % 5`, carried
/// over what the year before carried forward (so the chains hold).
pub fn report(i: usize) -> Report {
    let year = 2019 + (i % 5) as i32;
    let edition = if year <= 2020 {
        Edition::V2019
    } else {
        Edition::V2021
    };
    let mut numbers = Numbers(0x9e37_79b9_7f4a_7c15 ^ (i / 5) as u64);
    // the body's carry-over sequence, the same for each of its years
    let forward: Vec<i64> = (0..=5).map(|_| numbers.next(20)).collect();
    let mut numbers = Numbers(0x2545_f491_4f6c_dd1d ^ i as u64);
    let mut r = Report::new(edition);
    r.meta.agency = Some(format!("某某市第{}局", i / 5));
    r.meta.title_year = Some(year);
    let carried_over = forward[i % 5];
    let carried_forward = forward[i % 5 + 1];
    let disclosed = numbers.next(200);
    let withheld = numbers.next(30);
    let new = disclosed + withheld + carried_forward - carried_over;
    let (new, disclosed) = if new < 0 {
        (0, disclosed - new)
    } else {
        (new, disclosed)
    };
    let row = |n: i64| [n, 0, 0, 0, 0, 0];
    r.set_request_row(RequestRow::NewReceived, row(new), new);
    r.set_request_row(RequestRow::CarriedOver, row(carried_over), carried_over);
    r.set_request_row(RequestRow::Disclosed, row(disclosed), disclosed);
    r.set_request_row(RequestRow::UnavailableNotHeld, row(withheld), withheld);
    r.fill_zero_outcomes();
    r.derive_outcome_total();
    r.set_request_row(
        RequestRow::CarriedForward,
        row(carried_forward),
        carried_forward,
    );
    for g in AppealGroup::ALL {
        let a = numbers.next(3);
        r.set_appeal_row(*g, [a, 0, 0, 0], a);
    }
    // table 二: nothing issued or abolished, nothing in force, no items
    r.for_each_cell_mut(|path, cell| {
        if matches!(path, Path::Proactive { .. }) {
            match cell {
                CellMut::Count(c) => *c = Cell::number(0),
                CellMut::Money(c) => *c = Cell::number(Decimal::ZERO),
            }
        }
    });
    r
}

/// The `i`th input's name and bytes (text, every fourth an HTML page).
#[allow(dead_code)]
pub fn named_bytes(i: usize) -> (String, Vec<u8>) {
    let r = report(i);
    let bytes = if i % 4 == 3 { to_html(&r) } else { to_text(&r) };
    (format!("{i}"), bytes.into_bytes())
}

/// The `i`th report as text.
#[allow(dead_code)]
pub fn named_text(i: usize) -> (String, Vec<u8>) {
    (format!("{i}"), to_text(&report(i)).into_bytes())
}

/// The `i`th input.
#[allow(dead_code)]
pub fn input(i: usize) -> Input {
    let r = report(i);
    let name = format!("{i}");
    if i % 4 == 3 {
        Input::bytes(name, to_html(&r))
    } else {
        Input::bytes(name, to_text(&r))
    }
}
