//! SVG → tree (for PDF through krilla-svg) and SVG → PNG, with the bundled fonts only.

use std::sync::{Arc, OnceLock};

use anyhow::Context as _;
use resvg::{tiny_skia, usvg};

use super::font::{FAMILY, FONT_BOLD, FONT_REGULAR};

/// A font database holding only the bundled DejaVu Sans faces, with every generic family
/// (`sans-serif`, `serif`, `monospace`, …) mapped to it. System fonts are never loaded,
/// so the output is the same on every machine.
pub fn font_db() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT_REGULAR.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        db.set_cursive_family(FAMILY);
        db.set_fantasy_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// usvg options for chart SVGs: bundled fonts, DejaVu Sans as the default family, and no
/// file access for `<image href>` (only `data:` URLs are read).
pub fn usvg_options() -> usvg::Options<'static> {
    let mut opt = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: font_db(),
        ..usvg::Options::default()
    };
    opt.image_href_resolver.resolve_string = Box::new(|_, _| None);
    opt
}

/// Parses SVG text with [`usvg_options`]; text becomes outlines of the bundled fonts.
/// This is the tree to give krilla-svg for a PDF.
pub fn parse_svg(svg: &str) -> anyhow::Result<usvg::Tree> {
    usvg::Tree::from_str(svg, &usvg_options()).context("chart SVG could not be parsed")
}

/// Renders SVG text to PNG bytes at `scale` × its size (2.0 gives ~192 dpi for print).
pub fn svg_to_png(svg: &str, scale: f32) -> anyhow::Result<Vec<u8>> {
    if !(scale.is_finite() && scale > 0.0 && scale <= 16.0) {
        anyhow::bail!("PNG scale {scale} is out of range; use a number above 0 and at most 16");
    }
    let tree = parse_svg(svg)?;
    let size =
        tree.size().to_int_size().scale_by(scale).with_context(|| {
            format!("PNG scale {scale} gives an empty image; use a larger scale")
        })?;
    let (w, h) = (size.width(), size.height());
    if u64::from(w) * u64::from(h) > 100_000_000 {
        anyhow::bail!("PNG of {w}x{h} pixels is too large; use a smaller scale");
    }
    let mut pixmap = tiny_skia::Pixmap::new(w, h)
        .with_context(|| format!("cannot allocate a {w}x{h} PNG; use a smaller scale"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().context("PNG encoding failed")
}
