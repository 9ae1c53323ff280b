/** A plain weather page: what someone looking over a shoulder sees after a quick exit. */
export const NEUTRAL_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Weather</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;background:#eef5fb;color:#123}
main{max-width:32rem;margin-inline:auto}h1{font-size:1.4rem}.day{display:flex;justify-content:space-between;
padding-block:.6rem;border-block-end:1px solid #cde}</style></head>
<body><main><h1>Weather this week</h1>
<div class="day"><span>Monday</span><span>Cloudy, 27°</span></div>
<div class="day"><span>Tuesday</span><span>Showers, 25°</span></div>
<div class="day"><span>Wednesday</span><span>Sunny spells, 28°</span></div>
<div class="day"><span>Thursday</span><span>Thunderstorms, 24°</span></div>
<div class="day"><span>Friday</span><span>Cloudy, 26°</span></div>
</main></body></html>`;
