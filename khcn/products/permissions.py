"""Who may see and keep the records of local products (django-rules, as permissions).

The Department keeps every commune's records; a commune's officer keeps their own commune's
producers, products, batches and IP dossiers. The rows themselves are scoped by the models'
`scope_rules`; these rules check the unit of the object acted on. The public reads only
published pages, which need no permission.
"""

from typing import Any

import rules

from khcn.accounts.permissions import (
    acts_as_department_staff,
    acts_as_local_officer,
    is_department_staff,
    is_local_officer,
    unit_in_scope,
    unit_in_write_scope,
)


@rules.predicate
def product_unit_in_scope(user: Any, obj: Any) -> bool:
    """For a batch or a rating: the unit of its product."""
    if obj is None:
        return True
    return bool(unit_in_scope(user, obj.product))


@rules.predicate
def product_unit_in_write_scope(user: Any, obj: Any) -> bool:
    if obj is None:
        return True
    return bool(unit_in_write_scope(user, obj.product))


rules.add_perm("products.list_products", is_department_staff | is_local_officer)
rules.add_perm("products.view_product", (is_department_staff | is_local_officer) & unit_in_scope)
rules.add_perm("products.change_product", (acts_as_department_staff | acts_as_local_officer) & unit_in_write_scope)
rules.add_perm("products.delete_product", acts_as_department_staff & unit_in_write_scope)
rules.add_perm("products.view_producer", (is_department_staff | is_local_officer) & unit_in_scope)
# The representative's name, phone and e-mail (personal data, DOMAIN.md §10.2).
rules.add_perm("products.view_producer_personal", (is_department_staff | is_local_officer) & unit_in_scope)
rules.add_perm("products.change_producer", (acts_as_department_staff | acts_as_local_officer) & unit_in_write_scope)
rules.add_perm("products.view_batch", (is_department_staff | is_local_officer) & product_unit_in_scope)
rules.add_perm(
    "products.change_batch", (acts_as_department_staff | acts_as_local_officer) & product_unit_in_write_scope
)
# IP dossiers: the commune follows its own; the Department moves them through the stages
# (it runs the support programme and files with the IP Office).
rules.add_perm("products.view_ipasset", (is_department_staff | is_local_officer) & unit_in_scope)
rules.add_perm("products.change_ipasset", acts_as_department_staff & unit_in_write_scope)
rules.add_perm("products.add_ip_document", (acts_as_department_staff | acts_as_local_officer) & unit_in_write_scope)
# OCOP ratings come from the city's council decisions: recorded by the Department.
rules.add_perm("products.change_ocop", acts_as_department_staff & product_unit_in_write_scope)
# The board: the Department over every commune, a commune's officer over their own.
rules.add_perm("products.view_board", is_department_staff | is_local_officer)
rules.add_perm("products.import_products", acts_as_department_staff | acts_as_local_officer)

# ---- Catalogue: producers and products ----
# A producer is deleted (hidden) by the Department, like a product.
rules.add_perm("products.delete_producer", acts_as_department_staff & unit_in_write_scope)
