using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxNewestFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_InstanceId",
                table: "Outbox");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_InstanceId_Kind_CreatedAt",
                table: "Outbox",
                columns: new[] { "InstanceId", "Kind", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_Kind_CreatedAt",
                table: "Outbox",
                columns: new[] { "Kind", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_Kind_State_CreatedAt",
                table: "Outbox",
                columns: new[] { "Kind", "State", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_InstanceId_Kind_CreatedAt",
                table: "Outbox");

            migrationBuilder.DropIndex(
                name: "IX_Outbox_Kind_CreatedAt",
                table: "Outbox");

            migrationBuilder.DropIndex(
                name: "IX_Outbox_Kind_State_CreatedAt",
                table: "Outbox");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_InstanceId",
                table: "Outbox",
                column: "InstanceId");
        }
    }
}
