//! `cramplog chart`: one chart of the report as an SVG or PNG file.

use anyhow::Result;

use super::Ctx;
use crate::cli::{ChartArgs, ChartFormat, ChartKind};
use crate::output;
use crate::report::charts::{self, Chart};

pub fn run(args: &ChartArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let format = args.format.unwrap_or_else(|| {
        let png = args
            .output
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("png"));
        if png {
            ChartFormat::Png
        } else {
            ChartFormat::Svg
        }
    });
    output::refuse_existing(&args.output, args.force)?;
    let which = match args.kind {
        ChartKind::Weekly => Chart::Weekly,
        ChartKind::Calendar => Chart::Calendar,
        ChartKind::TimeOfNight => Chart::TimeOfNight,
        ChartKind::DurationPain => Chart::DurationPain,
        ChartKind::LegSite => Chart::LegSite,
        ChartKind::Cosymptoms => Chart::Cosymptoms,
        ChartKind::MonthOfYear => Chart::MonthOfYear,
    };
    let report = super::report::build_for(&args.period, None, true, ctx)?;
    let svg = charts::svg(&report, which, which.default_size())?;
    let bytes = match format {
        ChartFormat::Svg => svg.into_bytes(),
        // Twice the SVG size: sharp when printed or zoomed.
        ChartFormat::Png => crate::chart::svg_to_png(&svg, 2.0)?,
    };
    output::write_private(&args.output, &bytes, args.force)?;
    writeln!(
        ctx.err,
        "Wrote the {} chart to {}",
        which.id(),
        args.output.display()
    )?;
    Ok(())
}
