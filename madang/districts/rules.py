import rules

from madang.accounts.predicates import is_city_admin, is_district_admin, is_district_staff

# object: District
rules.add_perm("districts.view_district", rules.always_allow)
rules.add_perm("districts.change_vision", is_district_staff)
rules.add_perm("districts.view_audit_log", is_district_admin | is_city_admin)
# no object: the city's reference data
rules.add_perm("districts.import_dongs", is_city_admin)
