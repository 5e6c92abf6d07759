//! The activity chart: codes sent, verified and wrong per hour as a server-drawn SVG, so a
//! pumping attack (sends far above verifications) or a dead gateway (no sends) shows at a glance.

use maud::{Markup, html};

use crate::desk::Hour;

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 320.0;
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 12.0;

/// Grid lines every 1, 2 or 5 × 10ⁿ, at most six of them.
fn grid_step(scale: i64) -> i64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if step * m * 5 >= scale {
                return step * m;
            }
        }
        step *= 10;
    }
}

/// The series: (class, legend, value of an hour).
pub type Series<'a> = [(&'a str, String, fn(&Hour) -> i64); 3];

/// An SVG bar chart of `hours` (oldest first), hour labels in `label`'s time.
pub fn hourly(
    hours: &[Hour],
    series: &Series<'_>,
    label: impl Fn(&Hour) -> String,
    title: &str,
) -> Markup {
    let top = hours
        .iter()
        .flat_map(|h| series.iter().map(move |(_, _, v)| v(h)))
        .max()
        .unwrap_or(0)
        .max(1);
    // A round scale: 1, 2, 5, 10, 20, 50 … at or above the top.
    let mut scale = 1i64;
    while scale < top {
        scale = match scale.to_string().as_bytes()[0] {
            b'1' => scale * 2,
            b'2' => scale * 5 / 2,
            _ => scale * 2,
        };
    }
    let plot_h = HEIGHT - BOTTOM - TOP;
    let slot = (WIDTH - LEFT) / hours.len().max(1) as f64;
    let bar = (slot - 4.0) / 3.0;
    let y = |v: i64| TOP + plot_h - plot_h * v as f64 / scale as f64;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox={"0 0 " (WIDTH) " " (HEIGHT)}
            role="img" aria-label=(title) class="chart" {
            title { (title) }
            @for v in (0..=scale).step_by(grid_step(scale) as usize) {
                line x1=(LEFT) x2=(WIDTH) y1=(y(v)) y2=(y(v)) class="grid" {}
                text x=(LEFT - 6.0) y=(y(v) + 4.0) text-anchor="end" class="axis" { (v) }
            }
            @for (i, h) in hours.iter().enumerate() {
                @let x0 = LEFT + slot * i as f64 + 2.0;
                @for (j, (class, legend, value)) in series.iter().enumerate() {
                    @let v = value(h);
                    rect x=(x0 + bar * j as f64) y=(y(v)) width=(bar) height=(y(0) - y(v)) class=(class) {
                        title { (label(h)) " " (legend) ": " (v) }
                    }
                }
                @if i % 3 == 0 {
                    text x=(x0 + slot / 2.0) y=(HEIGHT - 8.0) text-anchor="middle" class="axis" { (label(h)) }
                }
            }
        }
        ul.legend {
            @for (class, legend, _) in series {
                li { span class={"swatch " (class)} {} (legend) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_lines_fall_on_round_numbers() {
        for (scale, step) in [
            (1, 1),
            (2, 1),
            (5, 1),
            (10, 2),
            (20, 5),
            (50, 10),
            (100, 20),
            (200, 50),
        ] {
            assert_eq!(grid_step(scale), step, "{scale}");
        }
    }
}
