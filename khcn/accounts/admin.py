from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from khcn.accounts.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    raw_id_fields = ("unit", "organisation", "office")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleGrantInline]
    list_display = ("username", "full_name", "position", "is_active", "last_login")
    fieldsets = (*BaseUserAdmin.fieldsets, ("KHCN", {"fields": ("full_name", "position", "phone")}))  # type: ignore[misc]
