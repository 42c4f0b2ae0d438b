# One image for every Fencepost node; docker-compose.yml gives each container its roles.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Console.Web/Console.Web.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# 8080: the ops console (Fencepost:Console:Port); 7233: the Temporal frontend (Fencepost:Frontend:Port).
EXPOSE 8080 7233
ENTRYPOINT ["dotnet", "Fencepost.ConsoleWeb.dll"]
