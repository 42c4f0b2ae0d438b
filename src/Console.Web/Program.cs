var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://localhost:8080");

var app = builder.Build();
app.MapGet("/", () => Results.Text("Fencepost console", "text/plain"));
app.Run();
