"""Names of a city's bodies and units, composed without doubling the city's name.

The rule files name bodies as the measure does: some with the city ("武汉市质量强市工作委员会办公室"), some
with only "市" ("市有关主管部门"), some with neither ("县市区质量主管部门"). Joining the city's name in front
naively gives "武汉市武汉市…" or "武汉市市有关主管部门"; local_name gives "武汉市…" and "武汉市有关主管部门".
"""

from __future__ import annotations


def local_name(city_name: str, name: str) -> str:
    """`name` (a body or unit as the measure names it) prefixed with the city's name, never doubled."""
    name = name.strip()
    if not city_name or name.startswith(city_name):
        return name
    if city_name.endswith("市") and name.startswith("市"):
        return city_name[:-1] + name  # 武汉 + 市有关主管部门
    return city_name + name
