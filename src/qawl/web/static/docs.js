// Swagger UI on /docs, loaded from the package's own files (no CDN, no inline script).
window.addEventListener("load", function () {
  if (!window.SwaggerUIBundle) return;
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
