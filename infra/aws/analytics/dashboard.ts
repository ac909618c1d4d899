/**
 * The managers' QuickSight dashboard as a `CfnDashboard` definition: one sheet "Cobranza" with KPI
 * cards, DSO vs best possible DSO over as_of, stacked aging bars, a CEI gauge, a roll-rate heat map,
 * the stage funnel, the channel table and the top debtors. Pure: it takes the views the lead's SQL
 * declares (`sql/views/*.sql` headers) and picks, for each visual, a view that has the columns it
 * needs. A visual whose columns no view declares is left out and named in `skipped`, so the app can
 * say so at synth (the dashboard never refers to a column that does not exist: QuickSight would
 * end the dashboard in CREATION_FAILED).
 *
 * Money columns are summed, ratios averaged; every visual is filtered to one currency by the sheet's
 * Currency control (money is never added across currencies).
 */
import type { CfnDashboard } from 'aws-cdk-lib/aws-quicksight';
import type { ViewDefinition } from './presto-view.js';

export const SHEET_ID = 'cobranza';
export const SHEET_NAME = 'Cobranza';

type Aggregation = 'SUM' | 'AVERAGE';

interface FieldSpec {
  /** Column names accepted for this field, best first. */
  readonly columns: readonly string[];
}
interface MeasureSpec extends FieldSpec {
  readonly aggregation: Aggregation;
}
interface DimensionSpec extends FieldSpec {
  readonly kind: 'date' | 'category';
}

type VisualKind = 'kpi' | 'line' | 'stackedBar' | 'gauge' | 'heatMap' | 'funnel' | 'table';

export interface VisualSpec {
  readonly visualId: string;
  readonly title: string;
  readonly kind: VisualKind;
  /** View names tried first (any other view with the columns will do). */
  readonly preferredViews: readonly string[];
  readonly dimensions: readonly DimensionSpec[];
  readonly measures: readonly MeasureSpec[];
}

const asOf: DimensionSpec = { kind: 'date', columns: ['as_of'] };
const money = (...columns: string[]): MeasureSpec => ({ columns, aggregation: 'SUM' });
const ratio = (...columns: string[]): MeasureSpec => ({ columns, aggregation: 'AVERAGE' });
const category = (...columns: string[]): DimensionSpec => ({ kind: 'category', columns });

/** What the dashboard shows, in order. Column names are the view headers' (snake_case of kpi-report.ts). */
export const VISUALS: readonly VisualSpec[] = [
  { visualId: 'kpi-open-ar', title: 'Open AR', kind: 'kpi', preferredViews: ['kpi_summary', 'ar_summary', 'open_ar'], dimensions: [asOf], measures: [money('open_ar')] },
  { visualId: 'kpi-dso', title: 'DSO (days)', kind: 'kpi', preferredViews: ['kpi_summary', 'dso'], dimensions: [asOf], measures: [ratio('dso')] },
  { visualId: 'kpi-cei', title: 'CEI (%)', kind: 'kpi', preferredViews: ['kpi_summary', 'cei'], dimensions: [asOf], measures: [ratio('cei')] },
  { visualId: 'kpi-percent-current', title: 'Percent current', kind: 'kpi', preferredViews: ['kpi_summary', 'aging_summary', 'percent_current'], dimensions: [asOf], measures: [ratio('percent_current')] },
  { visualId: 'kpi-collected', title: 'Collected', kind: 'kpi', preferredViews: ['kpi_summary', 'ar_summary', 'collections'], dimensions: [asOf], measures: [money('collected')] },
  {
    visualId: 'line-dso',
    title: 'DSO vs best possible DSO',
    kind: 'line',
    preferredViews: ['kpi_summary', 'dso'],
    dimensions: [asOf],
    measures: [ratio('dso'), ratio('best_possible_dso')],
  },
  {
    visualId: 'bar-aging',
    title: 'Aging of open AR',
    kind: 'stackedBar',
    preferredViews: ['kpi_aging', 'aging'],
    dimensions: [asOf, category('bucket')],
    measures: [money('amount', 'open_amount', 'balance')],
  },
  { visualId: 'gauge-cei', title: 'Collection effectiveness (CEI)', kind: 'gauge', preferredViews: ['kpi_summary', 'cei'], dimensions: [], measures: [ratio('cei')] },
  {
    visualId: 'heatmap-roll-rates',
    title: 'Roll rates by bucket and as-of date',
    kind: 'heatMap',
    preferredViews: ['kpi_roll_rates', 'roll_rates'],
    // Rows: the bucket a balance was in at the previous period's end; columns: the as-of date.
    dimensions: [category('from_bucket', 'bucket'), asOf],
    measures: [ratio('roll_rate', 'rate')],
  },
  {
    visualId: 'funnel-stages',
    title: 'Escalation stage funnel',
    kind: 'funnel',
    preferredViews: ['kpi_recovery_by_stage', 'recovery_by_stage', 'stage_funnel'],
    dimensions: [category('stage', 'to_stage')],
    measures: [money('entries', 'accounts')],
  },
  {
    visualId: 'table-channels',
    title: 'Channels',
    kind: 'table',
    preferredViews: ['kpi_channels', 'channels'],
    dimensions: [category('channel')],
    measures: [money('sent'), money('delivered'), money('responses'), ratio('response_rate')],
  },
  {
    visualId: 'table-top-debtors',
    title: 'Top debtors by overdue balance',
    kind: 'table',
    preferredViews: ['kpi_top_debtors', 'top_debtors'],
    dimensions: [category('name', 'account_id')],
    measures: [money('overdue'), money('open')],
  },
];

export interface ResolvedField {
  readonly column: string;
}
export interface ResolvedVisual {
  readonly spec: VisualSpec;
  readonly view: string;
  readonly dimensions: readonly ResolvedField[];
  readonly measures: readonly ResolvedField[];
}

export interface DashboardPlan {
  readonly visuals: readonly ResolvedVisual[];
  /** Visuals left out, with why. */
  readonly skipped: readonly { readonly visualId: string; readonly title: string; readonly reason: string }[];
  /** Views the dashboard reads (each needs a dataset). */
  readonly views: readonly string[];
}

function pick(view: ViewDefinition, field: FieldSpec): string | undefined {
  return field.columns.find((name) => view.columns.some((c) => c.name === name));
}

/** For each visual, the first view (preferred names first, then by name) that declares all its fields. */
export function planDashboard(views: readonly ViewDefinition[]): DashboardPlan {
  const visuals: ResolvedVisual[] = [];
  const skipped: { visualId: string; title: string; reason: string }[] = [];
  const byName = [...views].sort((a, b) => a.name.localeCompare(b.name));
  for (const spec of VISUALS) {
    const ordered = [
      ...spec.preferredViews.map((name) => byName.find((v) => v.name === name)).filter((v): v is ViewDefinition => v !== undefined),
      ...byName.filter((v) => !spec.preferredViews.includes(v.name)),
    ];
    let resolved: ResolvedVisual | undefined;
    for (const view of ordered) {
      const dimensions = spec.dimensions.map((d) => pick(view, d));
      const measures = spec.measures.map((m) => pick(view, m));
      if ([...dimensions, ...measures].every((c) => c !== undefined)) {
        resolved = {
          spec,
          view: view.name,
          dimensions: dimensions.map((column) => ({ column: column! })),
          measures: measures.map((column) => ({ column: column! })),
        };
        break;
      }
    }
    if (resolved) visuals.push(resolved);
    else {
      const needs = [...spec.dimensions, ...spec.measures].map((f) => f.columns.join('|')).join(', ');
      skipped.push({ visualId: spec.visualId, title: spec.title, reason: `no view in sql/views declares the columns ${needs}` });
    }
  }
  return { visuals, skipped, views: [...new Set(visuals.map((v) => v.view))].sort() };
}

type Definition = CfnDashboard.DashboardVersionDefinitionProperty;
type Dimension = CfnDashboard.DimensionFieldProperty;
type Measure = CfnDashboard.MeasureFieldProperty;

/** QuickSight dataset identifier of a view inside the dashboard definition. */
export const datasetIdentifier = (view: string): string => view;

function title(text: string): CfnDashboard.VisualTitleLabelOptionsProperty {
  return { visibility: 'VISIBLE', formatText: { plainText: text } };
}

function dimension(visual: ResolvedVisual, index: number): Dimension {
  const spec = visual.spec.dimensions[index]!;
  const column = { dataSetIdentifier: datasetIdentifier(visual.view), columnName: visual.dimensions[index]!.column };
  const fieldId = `${visual.spec.visualId}.${column.columnName}.d${index}`;
  return spec.kind === 'date'
    ? { dateDimensionField: { fieldId, column, dateGranularity: 'DAY' } }
    : { categoricalDimensionField: { fieldId, column } };
}

function measure(visual: ResolvedVisual, index: number): Measure {
  const spec = visual.spec.measures[index]!;
  const column = { dataSetIdentifier: datasetIdentifier(visual.view), columnName: visual.measures[index]!.column };
  return {
    numericalMeasureField: {
      fieldId: `${visual.spec.visualId}.${column.columnName}.m${index}`,
      column,
      aggregationFunction: { simpleNumericalAggregation: spec.aggregation },
    },
  };
}

function visualProperty(v: ResolvedVisual): CfnDashboard.VisualProperty {
  const dims = v.spec.dimensions.map((_, i) => dimension(v, i));
  const values = v.spec.measures.map((_, i) => measure(v, i));
  const common = { visualId: v.spec.visualId, title: title(v.spec.title) };
  switch (v.spec.kind) {
    case 'kpi':
      // The trend group (as_of) makes the card show the latest as-of date and its change.
      return { kpiVisual: { ...common, chartConfiguration: { fieldWells: { values, trendGroups: dims } } } };
    case 'line':
      return { lineChartVisual: { ...common, chartConfiguration: { type: 'LINE', fieldWells: { lineChartAggregatedFieldWells: { category: dims, values } } } } };
    case 'stackedBar':
      return {
        barChartVisual: {
          ...common,
          chartConfiguration: {
            orientation: 'VERTICAL',
            barsArrangement: 'STACKED',
            fieldWells: { barChartAggregatedFieldWells: { category: [dims[0]!], colors: [dims[1]!], values } },
          },
        },
      };
    case 'gauge':
      // CEI is a percentage: the arc runs 0–100.
      return {
        gaugeChartVisual: {
          ...common,
          chartConfiguration: { fieldWells: { values }, gaugeChartOptions: { arcAxis: { range: { min: 0, max: 100 } } } },
        },
      };
    case 'heatMap':
      return { heatMapVisual: { ...common, chartConfiguration: { fieldWells: { heatMapAggregatedFieldWells: { rows: [dims[0]!], columns: [dims[1]!], values } } } } };
    case 'funnel':
      return { funnelChartVisual: { ...common, chartConfiguration: { fieldWells: { funnelChartAggregatedFieldWells: { category: dims, values } } } } };
    case 'table':
      return { tableVisual: { ...common, chartConfiguration: { fieldWells: { tableAggregatedFieldWells: { groupBy: dims, values } } } } };
  }
}

/**
 * The dashboard definition for a plan. `dataSetArn(view)` gives the ARN of the view's dataset;
 * `currencyView` is a dataset with a `currency` column for the sheet's Currency control (the filter
 * applies to every dataset with that column).
 */
export function dashboardDefinition(plan: DashboardPlan, dataSetArn: (view: string) => string, currencyView?: string, countryView?: string, currency = 'MXN'): Definition {
  const filterGroups: CfnDashboard.FilterGroupProperty[] = [];
  const filterControls: CfnDashboard.FilterControlProperty[] = [];
  if (countryView) {
    // The views give each country's rows and an `ALL` row per scope: show ALL unless a country is picked,
    // or the rows of every country would be added to the total.
    filterGroups.push({
      filterGroupId: 'country',
      crossDataset: 'ALL_DATASETS',
      status: 'ENABLED',
      scopeConfiguration: { selectedSheets: { sheetVisualScopingConfigurations: [{ sheetId: SHEET_ID, scope: 'ALL_VISUALS' }] } },
      filters: [
        {
          categoryFilter: {
            filterId: 'country-filter',
            column: { dataSetIdentifier: datasetIdentifier(countryView), columnName: 'country' },
            configuration: { filterListConfiguration: { matchOperator: 'CONTAINS', categoryValues: ['ALL'] } },
          },
        },
      ],
    });
    filterControls.push({ dropdown: { filterControlId: 'country-control', sourceFilterId: 'country-filter', title: 'Country', type: 'SINGLE_SELECT' } });
  }
  if (currencyView) {
    filterGroups.push({
      filterGroupId: 'currency',
      crossDataset: 'ALL_DATASETS',
      status: 'ENABLED',
      scopeConfiguration: { selectedSheets: { sheetVisualScopingConfigurations: [{ sheetId: SHEET_ID, scope: 'ALL_VISUALS' }] } },
      filters: [
        {
          categoryFilter: {
            filterId: 'currency-filter',
            column: { dataSetIdentifier: datasetIdentifier(currencyView), columnName: 'currency' },
            // One currency is always selected (context dashboardCurrency): "all" would add pesos to dollars.
            configuration: { filterListConfiguration: { matchOperator: 'CONTAINS', categoryValues: [currency] } },
          },
        },
      ],
    });
    filterControls.push({ dropdown: { filterControlId: 'currency-control', sourceFilterId: 'currency-filter', title: 'Currency', type: 'SINGLE_SELECT' } });
  }
  return {
    dataSetIdentifierDeclarations: plan.views.map((view) => ({ identifier: datasetIdentifier(view), dataSetArn: dataSetArn(view) })),
    sheets: [
      {
        sheetId: SHEET_ID,
        name: SHEET_NAME,
        title: 'Collections KPIs',
        visuals: plan.visuals.map(visualProperty),
        ...(filterControls.length > 0 ? { filterControls } : {}),
      },
    ],
    ...(filterGroups.length > 0 ? { filterGroups } : {}),
  };
}
