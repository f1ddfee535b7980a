// Swagger UI over satit's OpenAPI document (kept out of the page so no inline script is needed).
window.addEventListener('load', () => SwaggerUIBundle({url: '/api/openapi.json', dom_id: '#ui'}));
