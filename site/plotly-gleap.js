'use strict';
// The smallest plotly.js that draws the course's charts: the core (scatter traces, shapes and
// annotations) plus the two other trace types gleap_data.charts uses, bar and box.
// tests/test_site.py fails if a page draws a trace type that is not registered here.
var Plotly = require('plotly.js/lib/core');
Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/box')]);
module.exports = Plotly;
