/**
 * Figures: plotly figure builders that display in Jupyter (and export to HTML/PNG/SVG), HTML
 * tables, and a progress display. Import as "@course/lib/plot/mod.ts" or "@course/lib".
 */
export { Figure, PLOTLY_MIME, type PlotlySpec } from "./figure.ts";
export { barFigure } from "./bar.ts";
export { contourFigure } from "./contour.ts";
export { evaluateGrid } from "./grid.ts";
export { heatmapFigure } from "./heatmap.ts";
export { histogramFigure } from "./histogram.ts";
export { historyFigure } from "./history.ts";
export { lineFigure } from "./line.ts";
export { qqFigure } from "./qq.ts";
export { scatterFigure } from "./scatter.ts";
export { subplotsFigure } from "./subplots.ts";
export { surfaceFigure } from "./surface.ts";
export { timelineFigure } from "./timeline.ts";
export { HtmlTable, htmlTable } from "./table.ts";
export { progressDisplay } from "../train/progress.ts";
export { saveFigureHtml, saveFigurePng, saveFigureSvg } from "./export.ts";
